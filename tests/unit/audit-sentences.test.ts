import { AUDIT_WORDS, auditActionLabel, auditSentence, type AuditSentenceInput } from "@/lib/audit/sentences";
import { AUDIT_ACTIONS } from "@/lib/services/audit";

const ada = { userId: "4b3f6c2e-8d1a-4f5e-9c7b-2a6d8e0f1b3c", apiKeyId: null, name: "Ada Lovelace", email: "ada@example.com" };
const upgrade = { userId: null, apiKeyId: null, name: "Teamhub (upgrade)", email: null };

function sentence(action: string, target: string | null, details: AuditSentenceInput["details"] = {}, actor: AuditSentenceInput["actor"] = ada) {
  return auditSentence({ action, actor, target: target === null ? null : { type: "x", id: "id-1", label: target }, details });
}

describe("audit sentences", () => {
  it("has words for every action", () => {
    expect(Object.keys(AUDIT_WORDS).sort()).toEqual([...AUDIT_ACTIONS].sort());
    for (const action of AUDIT_ACTIONS) expect(auditActionLabel(action)).not.toContain(".");
  });

  it("names the people of member changes, with the roles' display names", () => {
    expect(sentence("member.role_changed", "bob@example.com", { from: "ADMIN", to: "MEMBER", name: "Bob Stone" })).toBe(
      "Ada Lovelace changed Bob Stone's role from Admin to Member",
    );
    // Entries from before names were recorded fall back to the email.
    expect(sentence("member.role_changed", "bob@example.com", { from: "MEMBER", to: "OWNER" })).toBe(
      "Ada Lovelace changed bob@example.com's role from Member to Owner",
    );
    expect(sentence("member.role_changed", "x", { from: "ADMIN", to: "MEMBER", name: "Chris" })).toBe("Ada Lovelace changed Chris' role from Admin to Member");
    expect(sentence("member.removed", "bob@example.com", { role: "ADMIN", name: "Bob Stone" })).toBe("Ada Lovelace removed Bob Stone (Admin) from the organization");
    expect(sentence("member.left", "ada@example.com", { role: "MEMBER" })).toBe("Ada Lovelace (Member) left the organization");
    expect(sentence("member.ownership_transferred", "bob@example.com", { name: "Bob Stone", from: "ADMIN", to: "OWNER", previousOwnerRole: "ADMIN" })).toBe(
      "Ada Lovelace transferred ownership to Bob Stone and became Admin",
    );
  });

  it("says what happened to invitations, and why an automatic cancellation happened", () => {
    expect(sentence("invitation.created", "bob@example.com", { role: "ADMIN", expiresAt: "2026-12-08T09:30:00.000Z" })).toBe(
      "Ada Lovelace invited bob@example.com as Admin",
    );
    expect(sentence("invitation.resent", "bob@example.com", { expiresAt: "2026-12-08T09:30:00.000Z" })).toBe("Ada Lovelace resent the invitation to bob@example.com");
    expect(sentence("invitation.cancelled", "bob@example.com")).toBe("Ada Lovelace cancelled the invitation to bob@example.com");
    expect(sentence("invitation.cancelled", "bob@example.com", { role: "MEMBER", reason: "inviter_removed" })).toBe(
      "The invitation to bob@example.com as Member was cancelled because Ada Lovelace removed its inviter from the organization",
    );
    expect(sentence("invitation.cancelled", "bob@example.com", { role: "ADMIN", reason: "inviter_left" })).toBe(
      "The invitation to bob@example.com as Admin was cancelled because its inviter, Ada Lovelace, left the organization",
    );
    expect(sentence("invitation.cancelled", "bob@example.com", { role: "ADMIN", reason: "inviter_role_changed" })).toBe(
      "The invitation to bob@example.com as Admin was cancelled because Ada Lovelace changed its inviter's role to one that may not invite at it",
    );
    expect(sentence("invitation.cancelled", "bob@example.com", { role: "ADMIN", reason: "inviter_role_changed" }, upgrade)).toBe(
      "The invitation to bob@example.com as Admin was cancelled because its inviter's role no longer allowed inviting at it when Teamhub was upgraded",
    );
    expect(sentence("invitation.cancelled", "bob@example.com", { role: "MEMBER", reason: "inviter_not_a_member" }, upgrade)).toBe(
      "The invitation to bob@example.com as Member was cancelled because its inviter was no longer a member when Teamhub was upgraded",
    );
    expect(sentence("invitation.accepted", "ada@example.com", { role: "ADMIN", emailVerified: true })).toBe(
      "Ada Lovelace accepted the invitation to ada@example.com and joined as Admin",
    );
    expect(sentence("invitation.rejected", "ada@example.com")).toBe("Ada Lovelace rejected the invitation to ada@example.com");
  });

  it("names webhook endpoints, what changed and why Teamhub disabled one", () => {
    const url = "https://hooks.example.com/teamhub";
    expect(sentence("webhook.created", url, { eventTypes: "all", enabled: true })).toBe(`Ada Lovelace added the webhook endpoint ${url}`);
    expect(sentence("webhook.updated", url, { url: { from: "https://old.example.com", to: url }, eventTypes: { from: "all", to: ["member.added"] } })).toBe(
      `Ada Lovelace changed the webhook endpoint ${url} (URL, events)`,
    );
    expect(sentence("webhook.secret_rotated", url)).toBe(`Ada Lovelace rotated the signing secret of the webhook endpoint ${url}`);
    expect(sentence("webhook.deleted", url)).toBe(`Ada Lovelace deleted the webhook endpoint ${url}`);
    expect(sentence("webhook.disabled", url, { reason: "failing" }, { ...upgrade, name: "Teamhub" })).toBe(
      `The webhook endpoint ${url} was disabled because its deliveries had failed for a day`,
    );
  });

  it("names API keys, and the person an API key acted for", () => {
    expect(sentence("api_key.created", "CI deploy", { role: "ADMIN", expiresAt: null })).toBe("Ada Lovelace created the API key “CI deploy” with the Admin role");
    expect(sentence("api_key.revoked", "CI deploy", { role: "ADMIN" })).toBe("Ada Lovelace revoked the API key “CI deploy”");
    expect(sentence("api_key.revoked", "CI deploy", { role: "ADMIN", reason: "creator removed" })).toBe(
      "The API key “CI deploy” was revoked because Ada Lovelace removed its creator from the organization",
    );
    expect(sentence("api_key.revoked", "CI deploy", { role: "ADMIN", reason: "creator left" })).toBe(
      "The API key “CI deploy” was revoked because its creator, Ada Lovelace, left the organization",
    );
    expect(sentence("api_key.revoked", "CI deploy", { role: "MEMBER", reason: "creator no longer a member" }, upgrade)).toBe(
      "The API key “CI deploy” was revoked because its creator was no longer a member when Teamhub was upgraded",
    );
    const key = { userId: ada.userId, apiKeyId: "7d1e3b5a-9c2f-4a6e-8b0d-1f3a5c7e9b2d", name: "CI deploy (API key of Ada Lovelace)", email: "ada@example.com" };
    expect(sentence("invitation.created", "bob@example.com", { role: "MEMBER" }, key)).toBe("CI deploy (API key of Ada Lovelace) invited bob@example.com as Member");
  });

  it("describes organizations, including switches recorded before they stopped being logged", () => {
    expect(sentence("organization.created", "Acme")).toBe("Ada Lovelace created the organization Acme");
    expect(sentence("organization.created", "Ada Lovelace's organization", { personal: true })).toBe(
      "Ada Lovelace signed up, and their personal organization Ada Lovelace's organization was created",
    );
    expect(sentence("organization.renamed", "Acme Corp", { from: "Acme", to: "Acme Corp" })).toBe("Ada Lovelace renamed the organization from “Acme” to “Acme Corp”");
    expect(sentence("organization.deleted", "Acme")).toBe("Ada Lovelace deleted the organization Acme");
    expect(sentence("organization.switched", "Acme")).toBe("Ada Lovelace switched to Acme");
  });

  it("reads unknown actions and odd details without failing", () => {
    expect(sentence("member.promoted", "bob@example.com")).toBe("Ada Lovelace: member promoted (bob@example.com)");
    expect(sentence("export", null)).toBe("Ada Lovelace: export");
    expect(auditActionLabel("member.promoted")).toBe("member.promoted");
    expect(auditActionLabel("constructor")).toBe("constructor");
    expect(sentence("constructor", null)).toBe("Ada Lovelace: constructor");
    expect(sentence("member.role_changed", "bob@example.com", { from: "SUPERUSER", to: 7 })).toBe("Ada Lovelace changed bob@example.com's role from SUPERUSER to 7");
    expect(auditSentence({ action: "member.removed", actor: ada, target: { type: "member", id: "u1", label: null }, details: ["not", "an", "object"] })).toBe(
      "Ada Lovelace removed u1 from the organization",
    );
  });
});
