import { emailConfigured, emailLinkOrigin, mailSettings } from "@/lib/mail/config";
import { openMail, sealMail } from "@/lib/mail/messages";
import { renderMail } from "@/lib/mail/render";
import { headerSafe } from "@/lib/mail/transport";

const env = (values: Record<string, string>) => values as unknown as NodeJS.ProcessEnv;

describe("email configuration", () => {
  it("is on exactly when SMTP_URL is set, and refuses anything but smtp:// and smtps://", () => {
    expect(emailConfigured(env({}))).toBe(false);
    expect(mailSettings(env({}))).toBeNull();
    const APP_URL = "https://team.example.com";
    expect(mailSettings(env({ SMTP_URL: "smtps://user:pw@mail.example.com:465", APP_URL }))).toEqual({
      url: "smtps://user:pw@mail.example.com:465",
      from: "Teamhub <no-reply@teamhub.localhost>",
    });
    expect(mailSettings(env({ SMTP_URL: "smtp://localhost:1025", MAIL_FROM: "Team <team@example.com>", APP_URL }))?.from).toBe("Team <team@example.com>");
    expect(() => mailSettings(env({ SMTP_URL: "http://mail.example.com", APP_URL }))).toThrow(/smtp:\/\/ or smtps:\/\//);
    expect(() => mailSettings(env({ SMTP_URL: "not a url", APP_URL }))).toThrow(/not a URL/);
  });

  it("needs APP_URL when email is on: emailed links are built on it, never on a request's Host header", () => {
    expect(() => mailSettings(env({ SMTP_URL: "smtp://localhost:1025" }))).toThrow(/APP_URL must be set/);
    expect(() => mailSettings(env({ SMTP_URL: "smtp://localhost:1025", APP_URL: "team.example.com" }))).toThrow(/APP_URL is not a URL/);
    expect(emailLinkOrigin(env({ APP_URL: "https://team.example.com/some/path" }))).toBe("https://team.example.com");
    expect(() => emailLinkOrigin(env({}))).toThrow(/APP_URL must be set/);
  });
});

describe("messages", () => {
  beforeAll(() => {
    process.env.AUTH_SECRET ??= "test-secret-for-jest-only-0123456789abcdef";
  });

  it("seal their props for the job table and open them again; bad props are refused when enqueued", () => {
    const payload = sealMail("ada@example.com", "password-reset", { name: "Ada", link: "https://team.example.com/reset-password/pwr_x" });
    expect(payload.sealedProps).not.toContain("pwr_x");
    expect(openMail(payload)).toEqual({ template: "password-reset", props: { name: "Ada", link: "https://team.example.com/reset-password/pwr_x" } });
    expect(() => sealMail("ada@example.com", "password-reset", { name: "Ada", link: "javascript:alert(1)" })).toThrow();
    expect(() => openMail({ ...payload, sealedProps: payload.sealedProps.slice(0, -2) + "AA" })).toThrow();
  });

  it("render an HTML and a plain-text part, escaping what people typed", () => {
    const mail = renderMail("notification", {
      name: "<b>Mallory</b>",
      message: "Your role in <img src=x onerror=alert(1)> changed from Member to Admin.",
      link: "https://team.example.com/dashboard",
      settingsLink: "https://team.example.com/account",
    });
    expect(mail.html).not.toContain("<img src=x");
    expect(mail.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(mail.html).toContain("&lt;b&gt;Mallory&lt;/b&gt;");
    expect(mail.text).toContain("Your role in <img src=x onerror=alert(1)> changed from Member to Admin.");
    expect(mail.text).toContain("https://team.example.com/dashboard");
  });

  it("keep CR/LF out of headers", () => {
    expect(headerSafe("Teamhub: Acme\r\nBcc: victim@example.com")).toBe("Teamhub: Acme Bcc: victim@example.com");
    const mail = renderMail("notification", { name: "x", message: "Deleted Acme\r\nBcc: victim@example.com", link: "https://team.example.com/dashboard", settingsLink: "https://team.example.com/account" });
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });
});
