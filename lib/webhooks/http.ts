import "server-only";
import { lookup } from "node:dns/promises";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { performance } from "node:perf_hooks";
import { WEBHOOKS } from "@/lib/config/fixed-limits";
import { refusedAddressReason } from "./addresses";
import { allowPrivateAddresses } from "./settings";


export type ResolvedAddress = { address: string; family: number };
/** Every address of a hostname (dns.lookup by default; tests pass their own). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export type AttemptOutcome = {
  /** The answer's HTTP status; null when there was none. */
  statusCode: number | null;
  /** Why there was no 2xx answer in words (refused address, timeout, connection error), or null. */
  error: string | null;
  /** The first WEBHOOKS.responseExcerptBytes of the answer's body. */
  response: string;
  durationMs: number;
};

const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

class DeliveryError extends Error {}

/**
 * The addresses to connect to: every address the host resolves to must be a
 * public one (unless private addresses are allowed). They are pinned for the
 * connection, so a second DNS answer can't point elsewhere.
 */
async function pinnedAddresses(hostname: string, resolve: Resolver): Promise<ResolvedAddress[]> {
  const host = hostname.replace(/^\[|\]$/g, "");
  const family = isIP(host);
  let addresses: ResolvedAddress[];
  try {
    addresses = family ? [{ address: host, family }] : await resolve(host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DeliveryError(code === "ENOTFOUND" ? `${host} doesn't resolve to an address` : `Resolving ${host} failed (${code ?? "error"})`);
  }
  if (addresses.length === 0) throw new DeliveryError(`${host} doesn't resolve to an address`);
  if (!allowPrivateAddresses()) {
    for (const { address } of addresses) {
      const reason = refusedAddressReason(address);
      if (reason) throw new DeliveryError(`Refused: ${host === address ? address : `${host} resolves to ${address}, which`} is ${reason}`);
    }
  }
  return addresses;
}

/** A lookup that answers the pinned (checked) addresses only, in whichever form the socket asks for: all of them (to try each in turn), or the first. */
function pinnedLookup(pinned: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as (error: null, addresses: ResolvedAddress[]) => void)(null, pinned);
    else callback(null, pinned[0]!.address, pinned[0]!.family);
  };
}

const ERROR_WORDS: Record<string, string> = {
  ECONNREFUSED: "Connection refused",
  ECONNRESET: "Connection reset by the receiver",
  EHOSTUNREACH: "Host unreachable",
  ENETUNREACH: "Network unreachable",
  EPIPE: "Connection closed by the receiver",
  ETIMEDOUT: "Connection timed out",
};

function describe(error: unknown): string {
  if (error instanceof DeliveryError) return error.message;
  const code = (error as NodeJS.ErrnoException).code ?? "";
  if (ERROR_WORDS[code]) return ERROR_WORDS[code]!;
  if (/CERT|TLS|SSL/.test(code)) return `TLS error (${code})`;
  return code ? `Request failed (${code})` : "Request failed";
}

/** The first bytes of the answer as text (PostgreSQL text holds no NUL). */
function excerptOf(chunks: Buffer[]): string {
  return Buffer.concat(chunks).subarray(0, WEBHOOKS.responseExcerptBytes).toString("utf8").replace(/\u0000/g, "");
}

/**
 * POSTs a webhook, with no redirects followed (a 3xx is a failed attempt),
 * to an address checked after DNS resolution (no SSRF), within
 * WEBHOOKS.deliveryTimeoutSeconds, reading at most WEBHOOKS.responseExcerptBytes of the answer.
 * Never throws: every outcome is an AttemptOutcome.
 */
export async function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  resolve: Resolver = systemResolver,
): Promise<AttemptOutcome> {
  const started = performance.now();
  const outcome = (fields: Omit<AttemptOutcome, "durationMs">): AttemptOutcome => ({ ...fields, durationMs: Math.round(performance.now() - started) });
  const target = new URL(url);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeliveryError(`Timed out after ${WEBHOOKS.deliveryTimeoutSeconds} s`)), WEBHOOKS.deliveryTimeoutSeconds * 1000);
  });
  timedOut.catch(() => {});
  let request: http.ClientRequest | undefined;
  try {
    const pinned = await Promise.race([pinnedAddresses(target.hostname, resolve), timedOut]);
    const exchange = new Promise<AttemptOutcome>((resolveExchange, reject) => {
      request = (target.protocol === "https:" ? https : http).request(target, {
        method: "POST",
        headers: { "Content-Type": "application/json", "User-Agent": "Teamhub-Webhooks/1.0", ...headers, "Content-Length": String(Buffer.byteLength(body)) },
        lookup: pinnedLookup(pinned),
        // One connection per attempt: nothing pooled outlives the checks above.
        agent: false,
      });
      request.on("error", reject);
      request.on("response", (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => resolveExchange(outcome({ statusCode: response.statusCode ?? null, error: null, response: excerptOf(chunks) }));
        response.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= WEBHOOKS.responseExcerptBytes) {
            finish();
            response.destroy();
          }
        });
        response.on("end", finish);
        // A receiver that closes mid-answer still answered with its status.
        response.on("error", finish);
        response.on("aborted", finish);
      });
      request.end(body);
    });
    const result = await Promise.race([exchange, timedOut]);
    const status = result.statusCode ?? 0;
    if (status >= 200 && status < 300) return result;
    return { ...result, error: `The receiver answered ${status}${status >= 300 && status < 400 ? " (redirects are not followed)" : ""}` };
  } catch (error) {
    return outcome({ statusCode: null, error: describe(error), response: "" });
  } finally {
    clearTimeout(timer);
    request?.destroy();
  }
}
