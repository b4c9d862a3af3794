import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

/**
 * A real webhook receiver on a loopback address, as a customer would write
 * one: it verifies every request with the `standardwebhooks` library and the
 * endpoint's secret, keeps what arrived, and answers as the test tells it
 * (204 by default). It can be stopped and started again on the same port.
 * Tests give each endpoint its own path (`urlFor`) and secret (`addSecret`):
 * a request verifies when one of the secrets it was given signs it.
 */

export type Received = {
  headers: Record<string, string>;
  body: string;
  /** The verified payload, or null when verification failed (see `error`). */
  payload: { id: string; type: string; timestamp: string; data: Record<string, unknown> } | null;
  error: string | null;
  path: string;
};

export type Responder = (request: IncomingMessage, response: ServerResponse, received: Received) => void;

const noContent: Responder = (_request, response) => {
  response.writeHead(204).end();
};

export async function startWebhookReceiver(host = "127.0.0.1") {
  const received: Received[] = [];
  const secrets: string[] = [];
  let responder: Responder = noContent;
  const listen = (server: http.Server, port = 0) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
    });
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
      let payload: Received["payload"] = null;
      let error: string | null = null;
      for (const secret of secrets) {
        try {
          payload = new Webhook(secret).verify(body, headers) as Received["payload"];
          error = null;
          break;
        } catch (caught) {
          error = (caught as Error).message;
        }
      }
      if (secrets.length === 0) error = "the receiver has no secret";
      const entry = { headers, body, payload, error, path: request.url ?? "" };
      received.push(entry);
      responder(request, response, entry);
    });
  };
  let server = http.createServer(handle);
  const port = await listen(server);
  const sockets = new Set<import("node:net").Socket>();
  const track = (target: http.Server) => target.on("connection", (socket) => sockets.add(socket.once("close", () => sockets.delete(socket))));
  track(server);
  const close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return {
    url: `http://${host}:${port}/webhooks`,
    host,
    port,
    received,
    /** A URL of this receiver of its own, for one endpoint. */
    urlFor(tag: string) {
      return `http://${host}:${port}/webhooks/${tag}`;
    },
    /** An endpoint's secret, to verify with (as the receiver's configuration would hold it). */
    addSecret(value: string) {
      secrets.push(value);
    },
    respondWith(next: Responder) {
      responder = next;
    },
    respondNormally() {
      responder = noContent;
    },
    /** What arrived at urlFor(tag). */
    at(tag: string) {
      return received.filter((entry) => entry.path === `/webhooks/${tag}`);
    },
    /** The verified payloads that arrived at urlFor(tag). */
    payloadsAt(tag: string) {
      return received.flatMap((entry) => (entry.path === `/webhooks/${tag}` && entry.payload ? [entry.payload] : []));
    },
    /** Stops listening: connections are refused until start(). */
    stop: close,
    async start() {
      server = http.createServer(handle);
      track(server);
      await listen(server, port);
    },
    close,
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

