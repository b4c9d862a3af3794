/** @jest-environment jsdom */
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { InvitationPageView } from "@/components/invitations/invitation-page-view";
import type { ActionState } from "@/lib/forms/action-state";
import { invitationPageCase } from "@/lib/services/invitations/page-case";
import type { InvitationLookup } from "@/lib/services/invitations/respond";
import type { InvitationState } from "@/lib/services/invitations/view";

const token = "inv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const mask = (email: string) => `${email[0]}***@${email.split("@")[1]}`;

function lookup(state: InvitationState): InvitationLookup {
  return {
    kind: "found",
    invitation: {
      id: "9b1f9d38-5f5e-4c53-9f7e-0a4f3e1c2d11",
      organizationId: "1c4b9e7a-3f0e-4d55-8a4c-6e2b1d9f0a22",
      organizationName: "Acme",
      email: "jane@acme.com",
      role: "ADMIN",
      state,
      expiresAt: new Date("2026-12-05T10:00:00Z"),
      invitedByName: "Olivia Owner",
      cancelReason: state === "CANCELLED" ? "MANUAL" : null,
    },
  };
}

function renderPage(found: InvitationLookup, viewer: string | null) {
  const submitted: { action: string; data: Record<string, FormDataEntryValue> }[] = [];
  const record = (action: string) => async (_state: ActionState, formData: FormData): Promise<ActionState> => {
    submitted.push({ action, data: Object.fromEntries(formData) });
    return {};
  };
  const signOut = async (formData: FormData) => {
    submitted.push({ action: "signOut", data: Object.fromEntries(formData) });
  };
  render(<InvitationPageView view={invitationPageCase(found, viewer, mask)} token={token} actions={{ accept: record("accept"), reject: record("reject"), signOut }} />);
  return submitted;
}

describe("the invitation page", () => {
  it("signed out: says which organization invited you and offers Sign in or Create account, both coming back", () => {
    renderPage(lookup("ACTIVE"), null);
    expect(screen.getByRole("heading", { name: "Acme invited you" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", `/sign-in?callbackUrl=%2Faccept-invitation%2F${token}`);
    expect(screen.getByRole("link", { name: "Create account" })).toHaveAttribute(
      "href",
      `/sign-up?invitation=${token}&callbackUrl=${encodeURIComponent(`/accept-invitation/${token}`)}`,
    );
    expect(screen.queryByText("Olivia Owner")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Accept" })).not.toBeInTheDocument();
  });

  it("signed in with the invited email: shows organization, role, inviter and expiry; Accept and Reject post only the token", async () => {
    const submitted = renderPage(lookup("ACTIVE"), "jane@acme.com");
    expect(screen.getByRole("heading", { name: "Join Acme" })).toBeInTheDocument();
    expect(screen.getByText("Admin")).toBeInTheDocument();
    expect(screen.getByText("Olivia Owner")).toBeInTheDocument();
    // The expiry in the reader's zone, and how far off it is.
    const expires = document.querySelector('time[datetime="2026-12-05T10:00:00.000Z"]');
    expect(expires).toHaveTextContent(/^Dec [45], 2026, \d{1,2}:\d{2} [AP]M \S+ \((in \d+ \w+|\d+ \w+ ago|tomorrow|yesterday)\)$/);
    await userEvent.click(screen.getByRole("button", { name: "Accept" }));
    await userEvent.click(screen.getByRole("button", { name: "Reject" }));
    expect(submitted).toEqual([
      { action: "accept", data: { token } },
      { action: "reject", data: { token } },
    ]);
  });

  it("signed in with another email: no Accept, the masked address, and Sign out and continue back to the link", async () => {
    const submitted = renderPage(lookup("ACTIVE"), "someone@else.com");
    expect(screen.getByRole("heading", { name: "This invitation is for another email address" })).toBeInTheDocument();
    expect(screen.getByText("j***@acme.com")).toBeInTheDocument();
    expect(screen.queryByText("jane@acme.com")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Accept" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Sign out and continue" }));
    expect(submitted).toEqual([{ action: "signOut", data: { next: `/accept-invitation/${token}` } }]);
  });

  it.each([
    ["EXPIRED", "This invitation has expired", "Ask Olivia Owner for a fresh link."],
    ["CANCELLED", "This invitation was cancelled", "Olivia Owner cancelled it."],
    ["ACCEPTED", "Invitation already accepted", "You are a member of Acme."],
    ["REJECTED", "Invitation rejected", "You rejected the invitation to Acme, and Olivia Owner has been told."],
  ] as const)("%s, for the invited person: its own page", (state, title, body) => {
    renderPage(lookup(state), "jane@acme.com");
    expect(screen.getByRole("heading", { name: title })).toBeInTheDocument();
    expect(screen.getByText(new RegExp(body.replace(/\./g, "\\.")))).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Accept" })).not.toBeInTheDocument();
  });

  it.each(["INVITER_REMOVED", "INVITER_LEFT", "INVITER_ROLE_CHANGED", "INVITER_NOT_A_MEMBER"] as const)(
    "cancelled automatically (%s), for the invited person: the inviter can no longer invite them, ask someone else; nothing of why",
    (reason) => {
      const cancelled = lookup("CANCELLED");
      if (cancelled.kind === "found") cancelled.invitation.cancelReason = reason;
      renderPage(cancelled, "jane@acme.com");
      expect(screen.getByRole("heading", { name: "This invitation was cancelled" })).toBeInTheDocument();
      expect(
        screen.getByText("Olivia Owner can no longer invite you to Acme. Ask another Owner or Admin of Acme for a new invitation if you should join."),
      ).toBeInTheDocument();
      expect(screen.queryByText(/cancelled it|removed|left|role/i)).not.toBeInTheDocument();
    },
  );

  it.each(["EXPIRED", "CANCELLED", "ACCEPTED", "REJECTED"] as const)("%s, for anyone else: no details leak", (state) => {
    renderPage(lookup(state), "someone@else.com");
    expect(screen.getByRole("heading", { name: "This invitation can't be used" })).toBeInTheDocument();
    expect(screen.queryByText(/Acme|Olivia|j\*\*\*|expired|cancelled/i)).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sign out and continue" })).toBeInTheDocument();
    cleanup();
    renderPage(lookup(state), null);
    expect(screen.getByRole("heading", { name: "This invitation can't be used" })).toBeInTheDocument();
    expect(screen.queryByText(/Acme|Olivia|expired|cancelled/i)).not.toBeInTheDocument();
    // Someone without an account isn't told to sign in: asking for a fresh link comes first; signing in is for those who have one.
    expect(screen.getByText(/Ask the person who invited you for a fresh one: you don't need an account for that\./)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Sign in" }).closest("p")).toHaveTextContent("Already have an account with the invited address? Sign in to see why.");
  });

  it("unknown link: one page, whoever asks, with a way on", () => {
    renderPage({ kind: "not_found" }, null);
    expect(screen.getByRole("heading", { name: "Invitation not found" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/sign-in");
    cleanup();
    renderPage({ kind: "not_found" }, "someone@else.com");
    expect(screen.getByRole("heading", { name: "Invitation not found" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Go to your dashboard" })).toHaveAttribute("href", "/dashboard");
  });
});
