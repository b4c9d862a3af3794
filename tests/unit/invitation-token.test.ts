import { createHash } from "node:crypto";
import {
  createInvitationToken,
  hashInvitationToken,
  invitationUrl,
  isWellFormedInvitationToken,
  openInvitationToken,
  sealInvitationToken,
} from "@/lib/tokens/invitation-token";
import { maskEmail } from "@/lib/services/invitations/respond";

describe("invitation tokens", () => {
  const secret = process.env.AUTH_SECRET;
  afterEach(() => {
    process.env.AUTH_SECRET = secret;
  });

  it("are inv_ plus 32 random bytes in base64url, never repeating", () => {
    const tokens = new Set(Array.from({ length: 200 }, createInvitationToken));
    expect(tokens.size).toBe(200);
    for (const token of tokens) {
      expect(token).toMatch(/^inv_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token.slice(4), "base64url")).toHaveLength(32);
      expect(isWellFormedInvitationToken(token)).toBe(true);
    }
  });

  it("tells well-formed tokens from anything else", () => {
    const token = createInvitationToken();
    for (const bad of ["", "inv_", token.slice(0, -1), `${token}x`, `INV_${token.slice(4)}`, `inv_${"a".repeat(42)}=`, `inv_${"a".repeat(42)}/`, ` ${token}`]) {
      expect(isWellFormedInvitationToken(bad)).toBe(false);
    }
  });

  it("are stored as their sha256", () => {
    const token = createInvitationToken();
    expect(hashInvitationToken(token)).toBe(createHash("sha256").update(token).digest("hex"));
    expect(hashInvitationToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashInvitationToken(createInvitationToken())).not.toBe(hashInvitationToken(token));
  });

  it("seal and open again, with a fresh nonce each time and nothing readable in the sealed value", () => {
    const token = createInvitationToken();
    const first = sealInvitationToken(token);
    const second = sealInvitationToken(token);
    expect(first).not.toBe(second);
    expect(first).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(first).not.toContain(token.slice(4));
    expect(Buffer.from(first, "base64url")).toHaveLength(12 + 16 + token.length);
    expect(openInvitationToken(first)).toBe(token);
    expect(openInvitationToken(second)).toBe(token);
  });

  it("refuse to open a tampered value or one sealed under another AUTH_SECRET", () => {
    const sealed = sealInvitationToken(createInvitationToken());
    const bytes = Buffer.from(sealed, "base64url");
    bytes[bytes.length - 1]! ^= 1;
    expect(() => openInvitationToken(bytes.toString("base64url"))).toThrow();
    expect(() => openInvitationToken("c2hvcnQ")).toThrow("too short");
    process.env.AUTH_SECRET = "another-secret-another-secret-0123456789";
    expect(() => openInvitationToken(sealed)).toThrow();
  });

  it("say clearly when AUTH_SECRET is missing", () => {
    delete process.env.AUTH_SECRET;
    expect(() => sealInvitationToken(createInvitationToken())).toThrow("AUTH_SECRET is not set");
  });

  it("make links under /accept-invitation", () => {
    expect(invitationUrl("https://teamhub.example", "inv_abc")).toBe("https://teamhub.example/accept-invitation/inv_abc");
  });
});

describe("maskEmail", () => {
  it("keeps the first character and the domain", () => {
    expect(maskEmail("jane.doe@acme.com")).toBe("j***@acme.com");
    expect(maskEmail("j@acme.com")).toBe("j***@acme.com");
    expect(maskEmail("not-an-email")).toBe("***");
  });
});
