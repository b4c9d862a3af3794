import http from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server on loopback that keeps every message it receives, and a
 * small web page to read them (links clickable). `npm run dev` runs one as the
 * development mailbox; the tests run one to read what the app sends.
 * Development and test tooling only: nothing in app/ imports it.
 */

export type CapturedMail = {
  id: number;
  receivedAt: Date;
  /** Envelope recipients (RCPT TO), which is who really gets it. */
  recipients: string[];
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string | null;
  /** Every header as received, lower-case names. */
  headers: Map<string, unknown>;
};

export type Mailbox = {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  smtpUrl: string;
  smtpPort: number;
  messages: CapturedMail[];
  /** Stops accepting connections (the port refuses) until `start()`. */
  stopSmtp(): Promise<void>;
  /** Listens again on the same port. */
  startSmtp(): Promise<void>;
  close(): Promise<void>;
};

export async function startMailbox(options: { smtpPort?: number; onMessage?: (mail: CapturedMail) => void } = {}): Promise<Mailbox> {
  const messages: CapturedMail[] = [];
  const makeServer = () =>
    new SMTPServer({
      // Plain SMTP on loopback: any (or no) credentials are accepted.
      disabledCommands: ["STARTTLS"],
      authOptional: true,
      allowInsecureAuth: true,
      logger: false,
      // No reverse DNS lookup per connection: on loopback it only costs time.
      disableReverseLookup: true,
      onAuth(auth, _session, callback) {
        callback(null, { user: auth.username ?? "anyone" });
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            const mail: CapturedMail = {
              id: messages.length + 1,
              receivedAt: new Date(),
              recipients: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              from: parsed.from?.text ?? "",
              to: Array.isArray(parsed.to) ? parsed.to.map((to) => to.text).join(", ") : (parsed.to?.text ?? ""),
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              html: typeof parsed.html === "string" ? parsed.html : "",
              messageId: parsed.messageId ?? null,
              headers: parsed.headers,
            };
            messages.push(mail);
            options.onMessage?.(mail);
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });

  let server = makeServer();
  let port = options.smtpPort ?? 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        port = (server.server.address() as AddressInfo).port;
        resolve();
      });
    });
  const closeSmtp = () => new Promise<void>((resolve) => server.close(() => resolve()));
  await listen();
  let listening = true;

  return {
    get smtpUrl() {
      return `smtp://127.0.0.1:${port}`;
    },
    get smtpPort() {
      return port;
    },
    messages,
    async stopSmtp() {
      if (!listening) return;
      listening = false;
      await closeSmtp();
    },
    async startSmtp() {
      if (listening) return;
      server = makeServer();
      await listen();
      listening = true;
    },
    async close() {
      if (listening) await closeSmtp();
      listening = false;
    },
  };
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * The mailbox's web page on loopback: `/` lists messages, `/messages/<id>`
 * shows one (its HTML in a sandboxed frame, so its links open normally),
 * `/messages.json` gives them to programs (the browser tests read it).
 */
export async function serveMailbox(mailbox: Mailbox, port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const send = (status: number, type: string, body: string, extra: Record<string, string> = {}) => {
      response.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", ...extra });
      response.end(body);
    };
    if (url.pathname === "/messages.json") {
      return send(200, "application/json", JSON.stringify(mailbox.messages.map(({ headers: _headers, ...mail }) => mail)));
    }
    const match = /^\/messages\/(\d+)(\/html)?$/.exec(url.pathname);
    const mail = match ? mailbox.messages[Number(match[1]) - 1] : undefined;
    if (match && !mail) return send(404, "text/plain; charset=utf-8", "No such message.");
    if (mail && match?.[2]) {
      // The message's own HTML, scripts off; shown inside the message page's sandboxed frame.
      return send(200, "text/html; charset=utf-8", mail.html || `<pre>${escapeHtml(mail.text)}</pre>`, {
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:",
      });
    }
    const page = (title: string, body: string) =>
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
      `<style>body{font:14px system-ui,sans-serif;margin:2rem;color:#0f172a}td,th{padding:.3rem .8rem;text-align:left;border-bottom:1px solid #e2e8f0}pre{white-space:pre-wrap}</style></head><body>${body}</body></html>`;
    if (mail) {
      return send(
        200,
        "text/html; charset=utf-8",
        page(
          mail.subject,
          `<p><a href="/">← All messages</a></p><h1>${escapeHtml(mail.subject)}</h1>` +
            `<p>From ${escapeHtml(mail.from)} to ${escapeHtml(mail.recipients.join(", "))}, ${mail.receivedAt.toISOString()}</p>` +
            `<iframe title="Message" sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation" src="/messages/${mail.id}/html" style="width:100%;height:32rem;border:1px solid #e2e8f0"></iframe>` +
            `<h2>Plain text</h2><pre>${escapeHtml(mail.text)}</pre>`,
        ),
      );
    }
    const rows = [...mailbox.messages]
      .reverse()
      .map((m) => `<tr><td>${m.receivedAt.toISOString()}</td><td>${escapeHtml(m.recipients.join(", "))}</td><td><a href="/messages/${m.id}">${escapeHtml(m.subject || "(no subject)")}</a></td></tr>`)
      .join("");
    return send(
      200,
      "text/html; charset=utf-8",
      page("Teamhub development mailbox", `<h1>Development mailbox</h1><p>Every email the app sends in development lands here (${mailbox.messages.length}).</p>` +
        `<table><thead><tr><th>Received</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table>`),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
