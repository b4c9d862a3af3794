/** @jest-environment jsdom */
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { InviteMemberForm } from "@/components/invitations/invite-member-form";
import { PendingInvitations } from "@/components/invitations/pending-invitations";
import type { ActionState, FormAction } from "@/lib/forms/action-state";
import type { CancelReason, InvitationState, InvitationView } from "@/lib/services/invitations/view";
import { recorder } from "../helpers/form-action";
import { provideBrowserApisRadixUses } from "../helpers/radix-jsdom";
import { findToast, renderWithToaster } from "../helpers/toasts";

beforeAll(provideBrowserApisRadixUses);

// Relative times are against the browser's clock: the dates are around now.
const DAY = 24 * 3600 * 1000;
const CREATED = new Date(Date.now() - DAY);
const EXPIRES = new Date(CREATED.getTime() + 7 * DAY);
const ANSWERED = new Date(Date.now() - 2 * 3600 * 1000);

function invitation(state: InvitationState, email = `${state.toLowerCase()}@example.com`): InvitationView {
  return {
    id: `inv-${state.toLowerCase()}`,
    email,
    role: "MEMBER",
    state,
    createdAt: CREATED,
    expiresAt: EXPIRES,
    invitedBy: { id: "u-owner", name: "Olivia", email: "olivia@example.com" },
    respondedAt: state === "ACCEPTED" || state === "REJECTED" ? ANSWERED : null,
    cancelReason: state === "CANCELLED" ? "MANUAL" : null,
    emailStatus: null,
    emailSentAt: null,
  };
}

function renderList({
  invitations,
  filter,
  nextCursor = null,
  copy = recorder().action,
  cancel = recorder().action,
  resend = recorder().action,
  inviteAgain = recorder().action,
}: {
  invitations: InvitationView[];
  filter?: InvitationState;
  nextCursor?: string | null;
  copy?: FormAction;
  cancel?: FormAction;
  resend?: FormAction;
  inviteAgain?: FormAction;
}) {
  return renderWithToaster(<PendingInvitations invitations={invitations} nextCursor={nextCursor} filter={filter} actions={{ copy, cancel, resend, inviteAgain }} />);
}

const rowOf = (email: string) => {
  const row = screen.getAllByTestId("invitation-row").find((candidate) => within(candidate).queryByText(email) !== null);
  if (!row) throw new Error(`No row for ${email}`);
  return row;
};

describe("pending invitations", () => {
  it("offers Copy Link, Cancel, Resend and Invite again only where the state allows them", () => {
    const states: InvitationState[] = ["ACTIVE", "EXPIRED", "ACCEPTED", "REJECTED", "CANCELLED"];
    renderList({ invitations: states.map((state) => invitation(state)) });

    const buttonsOf = (email: string) =>
      within(rowOf(email))
        .queryAllByRole("button")
        .map((button) => button.getAttribute("aria-label"));
    expect(buttonsOf("active@example.com")).toEqual([
      "Copy Link for active@example.com",
      "Cancel invitation for active@example.com",
      "Resend invitation to active@example.com",
    ]);
    expect(buttonsOf("expired@example.com")).toEqual(["Resend invitation to expired@example.com", "Invite again: expired@example.com"]);
    expect(buttonsOf("accepted@example.com")).toEqual([]);
    expect(buttonsOf("rejected@example.com")).toEqual(["Invite again: rejected@example.com"]);
    expect(buttonsOf("cancelled@example.com")).toEqual(["Invite again: cancelled@example.com"]);

    // The visible text of each button is short; the label names the invitation.
    expect(screen.getByRole("button", { name: "Copy Link for active@example.com" })).toHaveTextContent("Copy Link");
    expect(screen.getByRole("button", { name: "Cancel invitation for active@example.com" })).toHaveTextContent("Cancel");
    expect(screen.getByRole("button", { name: "Resend invitation to expired@example.com" })).toHaveTextContent("Resend");
    expect(screen.getByRole("button", { name: "Invite again: rejected@example.com" })).toHaveTextContent("Invite again");
  });

  it("describes each invitation: state, role, inviter, when it was made, and when it ends or was answered", () => {
    const expired = { ...invitation("EXPIRED"), role: "ADMIN" as const, createdAt: new Date(Date.now() - 10 * DAY), expiresAt: new Date(Date.now() - 3 * DAY) };
    renderList({ invitations: [invitation("ACTIVE"), expired, invitation("ACCEPTED"), invitation("REJECTED"), invitation("CANCELLED")] });
    const active = rowOf("active@example.com");
    expect(active).toHaveTextContent("Active");
    expect(active).toHaveTextContent("Member");
    expect(active).toHaveTextContent("Invited by Olivia");
    expect(active.querySelector(`time[datetime="${CREATED.toISOString()}"]`)).toHaveTextContent(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M \S+$/);
    expect(active).toHaveTextContent("expires in 6 days");
    expect(rowOf("expired@example.com")).toHaveTextContent("Expired");
    expect(rowOf("expired@example.com")).toHaveTextContent("Admin");
    expect(rowOf("expired@example.com")).toHaveTextContent("expired 3 days ago");
    // Answered: when, not an expiry that no longer matters; cancelled: neither.
    expect(rowOf("accepted@example.com")).toHaveTextContent("accepted 2 hours ago");
    expect(rowOf("accepted@example.com")).not.toHaveTextContent("expires");
    expect(rowOf("rejected@example.com")).toHaveTextContent("rejected 2 hours ago");
    expect(rowOf("cancelled@example.com")).not.toHaveTextContent(/expire|accepted|rejected/);
  });

  it("says in words why an invitation was cancelled automatically, and adds nothing when someone used Cancel", () => {
    const cancelled = (reason: CancelReason, role: "ADMIN" | "MEMBER" = "MEMBER"): InvitationView => ({
      ...invitation("CANCELLED", `${reason.toLowerCase()}@example.com`),
      id: `inv-${reason}`,
      role,
      cancelReason: reason,
    });
    renderList({
      invitations: [
        cancelled("MANUAL"),
        cancelled("INVITER_REMOVED"),
        cancelled("INVITER_LEFT"),
        cancelled("INVITER_ROLE_CHANGED", "ADMIN"),
        cancelled("INVITER_NOT_A_MEMBER"),
      ],
    });
    const noteOf = (email: string) => within(rowOf(email)).queryByText(/^Cancelled automatically/)?.textContent ?? null;
    expect(noteOf("inviter_removed@example.com")).toBe("Cancelled automatically: the inviter was removed from the organization.");
    expect(noteOf("inviter_left@example.com")).toBe("Cancelled automatically: the inviter left the organization.");
    expect(noteOf("inviter_role_changed@example.com")).toBe("Cancelled automatically: the inviter's new role can't invite as Admin.");
    expect(noteOf("inviter_not_a_member@example.com")).toBe("Cancelled automatically: the inviter is no longer a member of the organization.");
    expect(noteOf("manual@example.com")).toBeNull();
    for (const row of screen.getAllByTestId("invitation-row")) {
      expect(row).toHaveTextContent("Cancelled");
      expect(within(row).getAllByRole("button").map((button) => button.textContent)).toEqual(["Invite again"]);
    }
  });

  it("links every state filter and marks the current one", () => {
    const { rerender } = renderList({ invitations: [invitation("ACTIVE")] });
    const nav = screen.getByRole("navigation", { name: "Filter invitations by state" });
    const links = within(nav).getAllByRole("link");
    expect(links.map((link) => link.textContent)).toEqual(["All", "Active", "Expired", "Accepted", "Rejected", "Cancelled"]);
    expect(within(nav).getByRole("link", { name: "All" })).toHaveAttribute("href", "/settings#pending-invitations");
    expect(within(nav).getByRole("link", { name: "Expired" })).toHaveAttribute("href", "/settings?state=expired#pending-invitations");
    expect(within(nav).getByRole("link", { name: "All" })).toHaveAttribute("aria-current", "page");
    expect(links.filter((link) => link.hasAttribute("aria-current"))).toHaveLength(1);

    const actions = { copy: recorder().action, cancel: recorder().action, resend: recorder().action, inviteAgain: recorder().action };
    rerender(<PendingInvitations invitations={[invitation("ACTIVE")]} nextCursor={null} filter="ACTIVE" actions={actions} />);
    expect(within(nav).getByRole("link", { name: "Active" })).toHaveAttribute("aria-current", "page");
    expect(within(nav).getByRole("link", { name: "All" })).not.toHaveAttribute("aria-current");
    expect(within(nav).getAllByRole("link").filter((link) => link.hasAttribute("aria-current"))).toHaveLength(1);
  });

  it("says when a filter matches nothing, and keeps the filter in the next-page link", () => {
    const { unmount } = renderList({ invitations: [], filter: "EXPIRED" });
    expect(screen.getByText("No invitations in state Expired.")).toBeInTheDocument();
    expect(screen.queryByRole("list", { name: "Invitations" })).not.toBeInTheDocument();
    unmount();

    renderList({ invitations: [invitation("ACTIVE")], filter: "ACTIVE", nextCursor: "abc" });
    expect(screen.getByRole("link", { name: "Next page" })).toHaveAttribute("href", "/settings?state=active&cursor=abc#pending-invitations");
  });

  it("asks before cancelling, then submits the invitation id", async () => {
    const user = userEvent.setup();
    const cancel = recorder();
    renderList({ invitations: [invitation("ACTIVE", "ada@example.com")], cancel: cancel.action });

    await user.click(screen.getByRole("button", { name: "Cancel invitation for ada@example.com" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Cancel this invitation?" });
    expect(dialog).toHaveAccessibleDescription(expect.stringContaining("The link sent to ada@example.com stops working at once."));
    expect(cancel.calls).toEqual([]);

    // Dismissing the dialog ("Keep invitation", not an ambiguous "Cancel") cancels nothing.
    expect(within(dialog).queryByRole("button", { name: "Cancel" })).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Keep invitation" }));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument());
    expect(cancel.calls).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Cancel invitation for ada@example.com" }));
    await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Cancel invitation" }));
    await waitFor(() => expect(cancel.calls).toEqual([{ id: "inv-active" }]));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument());
  });

  it("shows the server's refusal to cancel as an alert", async () => {
    const user = userEvent.setup();
    const cancel = recorder({ error: "This invitation was already accepted." });
    renderList({ invitations: [invitation("ACTIVE")], cancel: cancel.action });

    await user.click(screen.getByRole("button", { name: "Cancel invitation for active@example.com" }));
    await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Cancel invitation" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("This invitation was already accepted.");
  });

  it("asks before resending, saying what happens to the shared link, then shows the new link and what happened", async () => {
    const user = userEvent.setup();
    const url = "https://teamhub.example/invitations/new-token";
    const resend = recorder({ success: "Fresh link for active@example.com, valid for 7 days.", data: { url } });
    // The row shows the link only while the invitation is active, as it is once resent.
    const { rerender } = renderList({ invitations: [invitation("ACTIVE"), invitation("EXPIRED")], resend: resend.action });

    await user.click(screen.getByRole("button", { name: "Resend invitation to expired@example.com" }));
    expect(await screen.findByRole("alertdialog", { name: "Resend this invitation?" })).toHaveAccessibleDescription(
      "A fresh link, valid for 7 days, replaces the expired one.",
    );
    // Dismissed with "Keep invitation", as Cancel's dialog is: never a "Cancel" beside rows where Cancel revokes.
    expect(screen.queryByRole("button", { name: "Cancel" })).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Keep invitation" }));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument());
    expect(resend.calls).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Resend invitation to active@example.com" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Resend this invitation?" });
    expect(dialog).toHaveAccessibleDescription("A fresh link, valid for 7 days, replaces the current one: the link you already shared stops working.");
    await user.click(within(dialog).getByRole("button", { name: "Resend" }));
    await waitFor(() => expect(resend.calls).toEqual([{ id: "inv-active" }]));
    const row = rowOf("active@example.com");
    expect(await within(row).findByLabelText("Invitation link")).toHaveValue(url);
    expect(within(row).getByLabelText("Invitation link")).toHaveAttribute("readonly");
    // The fresh link goes on the clipboard as it arrives, and the toast says so.
    expect(await findToast("Fresh link for active@example.com, valid for 7 days. Copied.")).toBeInTheDocument();
    await expect(navigator.clipboard.readText()).resolves.toBe(url);
    expect(within(row).queryByRole("button", { name: /Copy new/ })).not.toBeInTheDocument();
    expect(within(rowOf("expired@example.com")).queryByLabelText("Invitation link")).not.toBeInTheDocument();

    // Cancelled meanwhile (another Admin, say): the dead link is no longer shown.
    rerender(
      <PendingInvitations
        invitations={[{ ...invitation("ACTIVE"), state: "CANCELLED" }, invitation("EXPIRED")]}
        nextCursor={null}
        actions={{ copy: recorder().action, cancel: recorder().action, resend: resend.action, inviteAgain: recorder().action }}
      />,
    );
    expect(screen.queryByLabelText("Invitation link")).not.toBeInTheDocument();
  });

  it("asks before inviting again, naming the address and role, then shows and copies the new invitation's link, or says why it was refused", async () => {
    const user = userEvent.setup();
    const url = "https://teamhub.example/accept-invitation/inv_fresh";
    const inviteAgain = recorder({ success: "New invitation for rejected@example.com as Admin.", data: { url } });
    renderList({ invitations: [{ ...invitation("REJECTED"), role: "ADMIN" }], inviteAgain: inviteAgain.action });

    await user.click(screen.getByRole("button", { name: "Invite again: rejected@example.com" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Invite rejected@example.com again?" });
    expect(dialog).toHaveAccessibleDescription("A new invitation for rejected@example.com as Admin, valid for 7 days, with a link of its own. This one stays as it is.");
    await user.click(within(dialog).getByRole("button", { name: "Don't invite" }));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument());
    expect(inviteAgain.calls).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Invite again: rejected@example.com" }));
    await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Invite again" }));
    await waitFor(() => expect(inviteAgain.calls).toEqual([{ id: "inv-rejected" }]));
    expect(await within(rowOf("rejected@example.com")).findByLabelText("Invitation link")).toHaveValue(url);
    expect(await findToast("New invitation for rejected@example.com as Admin. Copied.")).toBeInTheDocument();
    await expect(navigator.clipboard.readText()).resolves.toBe(url);
  });

  it("shows why Invite again was refused beside the row", async () => {
    const user = userEvent.setup();
    const refused = recorder({ error: "cancelled@example.com is already a member of this organization." });
    renderList({ invitations: [invitation("CANCELLED")], inviteAgain: refused.action });
    await user.click(screen.getByRole("button", { name: "Invite again: cancelled@example.com" }));
    await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Invite again" }));
    expect(await within(rowOf("cancelled@example.com")).findByText("cancelled@example.com is already a member of this organization.")).toBeInTheDocument();
    expect(within(rowOf("cancelled@example.com")).queryByLabelText("Invitation link")).not.toBeInTheDocument();
  });

  it("copies an active invitation's link in one click, and shows it", async () => {
    const user = userEvent.setup();
    const url = "https://teamhub.example/invitations/current-token";
    const copy = recorder({ data: { url } });
    renderList({ invitations: [invitation("ACTIVE")], copy: copy.action });

    await user.click(screen.getByRole("button", { name: "Copy Link for active@example.com" }));
    await waitFor(() => expect(copy.calls).toEqual([{ id: "inv-active" }]));
    expect(await findToast("Link copied.")).toBeInTheDocument();
    await expect(navigator.clipboard.readText()).resolves.toBe(url);
    expect(screen.getByLabelText("Invitation link")).toHaveValue(url);
    // One Copy Link per row: no second button of the same name.
    expect(screen.getAllByRole("button", { name: /Copy/ })).toHaveLength(1);
  });

  // With several links on the Settings page, each label must name its own input.
  it("gives every shown invitation link its own label", async () => {
    const user = userEvent.setup();
    const copy = recorder({ data: { url: "https://teamhub.example/invitations/copied" } });
    const resend = recorder({ data: { url: "https://teamhub.example/invitations/resent" } });
    renderList({ invitations: [invitation("ACTIVE"), invitation("EXPIRED")], copy: copy.action, resend: resend.action });

    await user.click(screen.getByRole("button", { name: "Copy Link for active@example.com" }));
    await user.click(screen.getByRole("button", { name: "Resend invitation to expired@example.com" }));
    await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Resend" }));
    await waitFor(() => expect(document.querySelectorAll("input[readonly]")).toHaveLength(2));
    expect(within(rowOf("active@example.com")).getByLabelText("Invitation link")).toHaveValue("https://teamhub.example/invitations/copied");
    expect(within(rowOf("expired@example.com")).getByLabelText("Invitation link")).toHaveValue("https://teamhub.example/invitations/resent");
  });

  it("shows the server's refusal to resend as an alert", async () => {
    const user = userEvent.setup();
    const resend = recorder({ error: "Too many invitations this hour. Try again later." });
    renderList({ invitations: [invitation("EXPIRED")], resend: resend.action });

    await user.click(screen.getByRole("button", { name: "Resend invitation to expired@example.com" }));
    await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Resend" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Too many invitations this hour. Try again later.");
    expect(screen.queryByLabelText("Invitation link")).not.toBeInTheDocument();
  });
});

describe("invite member form", () => {
  it("offers exactly the roles it is given", () => {
    const { unmount } = render(<InviteMemberForm action={recorder().action} roles={["ADMIN", "MEMBER"]} />);
    const select = screen.getByLabelText("Role");
    expect(within(select).getAllByRole("option").map((option) => [option.getAttribute("value"), option.textContent])).toEqual([
      ["ADMIN", "Admin"],
      ["MEMBER", "Member"],
    ]);
    expect(select).toHaveValue("MEMBER");
    unmount();

    render(<InviteMemberForm action={recorder().action} roles={["MEMBER"]} />);
    expect(within(screen.getByLabelText("Role")).getAllByRole("option").map((option) => option.textContent)).toEqual(["Member"]);
  });

  it("submits email, role and expiry", async () => {
    const user = userEvent.setup();
    const create = recorder({ success: "Invitation created.", data: { url: "https://teamhub.example/invitations/t1" } });
    render(<InviteMemberForm action={create.action} roles={["ADMIN", "MEMBER"]} />);

    expect(screen.getByLabelText("Expires in (days)")).toHaveValue(7);
    await user.type(screen.getByLabelText("Email address"), "grace@example.com");
    await user.selectOptions(screen.getByLabelText("Role"), "ADMIN");
    await user.clear(screen.getByLabelText("Expires in (days)"));
    await user.type(screen.getByLabelText("Expires in (days)"), "14");
    await user.click(screen.getByRole("button", { name: "Generate Invitation Link" }));

    await waitFor(() => expect(create.calls).toEqual([{ email: "grace@example.com", role: "ADMIN", expiresInDays: "14" }]));
  });

  it("shows a field error inline and keeps what was typed", async () => {
    const user = userEvent.setup();
    const create = recorder({
      error: "Some fields need attention.",
      fieldErrors: { email: ["Enter a valid email address, like name@example.com."] },
      values: { email: "grace@", role: "ADMIN", expiresInDays: "3" },
    });
    render(<InviteMemberForm action={create.action} roles={["ADMIN", "MEMBER"]} />);

    await user.type(screen.getByLabelText("Email address"), "grace@");
    await user.selectOptions(screen.getByLabelText("Role"), "ADMIN");
    await user.clear(screen.getByLabelText("Expires in (days)"));
    await user.type(screen.getByLabelText("Expires in (days)"), "3");
    await user.click(screen.getByRole("button", { name: "Generate Invitation Link" }));

    const email = screen.getByLabelText("Email address");
    await waitFor(() => expect(email).toHaveAttribute("aria-invalid", "true"));
    expect(email).toHaveAccessibleDescription("Enter a valid email address, like name@example.com.");
    expect(screen.getByText("Enter a valid email address, like name@example.com.")).toHaveAttribute("role", "alert");
    // Said once, at the field: no banner repeating that fields need attention.
    expect(screen.queryByText("Some fields need attention.")).not.toBeInTheDocument();
    expect(screen.getAllByRole("alert")).toHaveLength(1);
    expect(screen.getByLabelText("Role")).not.toHaveAttribute("aria-invalid");
    expect(email).toHaveValue("grace@");
    expect(screen.getByLabelText("Expires in (days)")).toHaveValue(3);
    expect(screen.queryByLabelText("Invitation link")).not.toBeInTheDocument();
  });

  it("keeps the chosen role after a refused submission", async () => {
    const user = userEvent.setup();
    const create = recorder({
      fieldErrors: { email: ["Enter a valid email address, like name@example.com."] },
      values: { email: "grace@", role: "ADMIN", expiresInDays: "7" },
    });
    render(<InviteMemberForm action={create.action} roles={["ADMIN", "MEMBER"]} />);

    await user.type(screen.getByLabelText("Email address"), "grace@");
    await user.selectOptions(screen.getByLabelText("Role"), "ADMIN");
    await user.click(screen.getByRole("button", { name: "Generate Invitation Link" }));
    await waitFor(() => expect(screen.getByLabelText("Email address")).toHaveAttribute("aria-invalid", "true"));
    expect(screen.getByLabelText("Role")).toHaveValue("ADMIN");
  });

  it("shows the generated link with a Copy Link button after success", async () => {
    const user = userEvent.setup();
    const url = "https://teamhub.example/invitations/t2";
    const create = recorder({ success: "Invitation created for grace@example.com.", data: { url } });
    renderWithToaster(<InviteMemberForm action={create.action} roles={["ADMIN", "MEMBER"]} />);

    await user.type(screen.getByLabelText("Email address"), "grace@example.com");
    await user.click(screen.getByRole("button", { name: "Generate Invitation Link" }));

    const link = await screen.findByLabelText("Invitation link");
    expect(link).toHaveValue(url);
    expect(link).toHaveAttribute("readonly");
    expect(await findToast("Invitation created for grace@example.com.")).toBeInTheDocument();
    expect(screen.getByLabelText("Email address")).toHaveValue("");
    expect(screen.getByLabelText("Email address")).not.toHaveAttribute("aria-invalid");

    await user.click(screen.getByRole("button", { name: "Copy Link" }));
    expect(await findToast("Link copied.")).toBeInTheDocument();
    await expect(navigator.clipboard.readText()).resolves.toBe(url);
  });

  it("takes back \"Link copied.\" when another link is generated: it never vouches for a link that isn't on the clipboard", async () => {
    const user = userEvent.setup();
    let answer: ActionState = { success: "Invitation link for ada@example.com generated.", data: { url: "https://teamhub.example/invitations/ada" } };
    const create: FormAction = async () => answer;
    renderWithToaster(<InviteMemberForm action={create} roles={["MEMBER"]} />);

    await user.type(screen.getByLabelText("Email address"), "ada@example.com");
    await user.click(screen.getByRole("button", { name: "Generate Invitation Link" }));
    await screen.findByDisplayValue("https://teamhub.example/invitations/ada");
    await user.click(screen.getByRole("button", { name: "Copy Link" }));
    expect(await findToast("Link copied.")).toBeInTheDocument();

    answer = { success: "Invitation link for bob@example.com generated.", data: { url: "https://teamhub.example/invitations/bob" } };
    await user.type(screen.getByLabelText("Email address"), "bob@example.com");
    await user.click(screen.getByRole("button", { name: "Generate Invitation Link" }));
    await screen.findByDisplayValue("https://teamhub.example/invitations/bob");
    await waitFor(() => expect(screen.queryByText("Link copied.")).not.toBeInTheDocument());
    await expect(navigator.clipboard.readText()).resolves.toBe("https://teamhub.example/invitations/ada");

    await user.click(screen.getByRole("button", { name: "Copy Link" }));
    expect(await findToast("Link copied.")).toBeInTheDocument();
    await expect(navigator.clipboard.readText()).resolves.toBe("https://teamhub.example/invitations/bob");
  });

  it("shows a pending label while generating", async () => {
    const user = userEvent.setup();
    let finish: (state: ActionState) => void = () => {};
    const create: FormAction = () => new Promise<ActionState>((resolve) => (finish = resolve));
    render(<InviteMemberForm action={create} roles={["MEMBER"]} />);

    await user.type(screen.getByLabelText("Email address"), "grace@example.com");
    await user.click(screen.getByRole("button", { name: "Generate Invitation Link" }));
    expect(await screen.findByRole("button", { name: "Generating…" })).toBeDisabled();
    finish({ error: "Too many invitations this hour. Try again later." });
    expect(await screen.findByRole("alert")).toHaveTextContent("Too many invitations this hour. Try again later.");
    expect(screen.getByRole("button", { name: "Generate Invitation Link" })).toBeEnabled();
  });
});
