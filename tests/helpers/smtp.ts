import { startMailbox, type CapturedMail, type Mailbox } from "@/lib/dev/mailbox";
import { closeMailTransport } from "@/lib/mail/transport";

export type { CapturedMail };

export type TestMailbox = Mailbox & {
  /** Resolves with the first message (already received or still to come) matching `predicate`. */
  waitForMessage(predicate: (mail: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  /** Messages whose envelope goes to `address`. */
  to(address: string): CapturedMail[];
};

/** The public origin the app's emailed links use in tests: any other origin in a link is a bug. */
export const TEST_APP_URL = "http://teamhub.test";

/**
 * A real SMTP server (smtp-server) on 127.0.0.1 and a free port, keeping every
 * message parsed with mailparser, and SMTP_URL pointing at it so the app
 * sends there (with APP_URL, which email needs). Call `close()` in afterAll.
 */
export async function startTestMailbox(): Promise<TestMailbox> {
  const waiters = new Set<() => void>();
  const mailbox = await startMailbox({ onMessage: () => waiters.forEach((wake) => wake()) });
  process.env.SMTP_URL = mailbox.smtpUrl;
  process.env.APP_URL = TEST_APP_URL;
  process.env.MAIL_FROM = "Teamhub Tests <tests@teamhub.test>";
  const close = mailbox.close;
  return Object.assign(mailbox, {
    async close() {
      closeMailTransport();
      delete process.env.SMTP_URL;
      delete process.env.APP_URL;
      await close();
    },
    to: (address: string) => mailbox.messages.filter((mail) => mail.recipients.includes(address)),
    waitForMessage(predicate: (mail: CapturedMail) => boolean, timeoutMs = 15_000) {
      return new Promise<CapturedMail>((resolve, reject) => {
        const check = () => {
          const found = mailbox.messages.find(predicate);
          if (!found) return;
          cleanup();
          resolve(found);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no matching message within ${timeoutMs} ms (received: ${mailbox.messages.map((m) => `${m.recipients.join(",")}: ${m.subject}`).join("; ") || "none"})`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  });
}

/** The first http(s) link in a message's plain-text part that contains `fragment`. */
export function linkIn(mail: CapturedMail, fragment: string): string {
  const link = mail.text.match(/https?:\/\/[^\s<>"\]]+/g)?.find((url) => url.includes(fragment));
  if (!link) throw new Error(`no link containing ${fragment} in "${mail.subject}":\n${mail.text}`);
  return link;
}
