/** @jest-environment jsdom */
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { InviteMemberForm } from "@/components/invitations/invite-member-form";
import { PendingInvitations } from "@/components/invitations/pending-invitations";
import type { EmailStatus, InvitationState, InvitationView } from "@/lib/services/invitations/view";
import { recorder } from "../helpers/form-action";

/** Invitation emails in the UI: Send by email on Invite Member by Link, and each invitation's email status in Pending Invitations. */

function invitation(email: string, emailStatus: EmailStatus | null, state: InvitationState = "ACTIVE"): InvitationView {
  return {
    id: `inv-${email}`,
    email,
    role: "MEMBER",
    state,
    createdAt: new Date("2025-06-01T09:30:00Z"),
    expiresAt: new Date("2025-06-08T09:30:00Z"),
    invitedBy: { id: "u-owner", name: "Olivia", email: "olivia@example.com" },
    respondedAt: state === "ACCEPTED" ? new Date("2025-06-02T10:00:00Z") : null,
    cancelReason: null,
    emailStatus,
    emailSentAt: emailStatus === "SENT" ? new Date("2025-06-01T09:31:00Z") : null,
  };
}

const rowOf = (email: string) => screen.getAllByTestId("invitation-row").find((row) => within(row).queryByText(email) !== null)!;

describe("Pending Invitations: email status", () => {
  it("shows queued, sent or failed next to Copy Link, what to do when it failed, and nothing for links that weren't emailed", () => {
    const actions = { copy: recorder().action, cancel: recorder().action, resend: recorder().action, inviteAgain: recorder().action };
    render(
      <PendingInvitations
        invitations={[
          invitation("queued@example.com", "QUEUED"),
          invitation("sent@example.com", "SENT"),
          invitation("failed@example.com", "FAILED"),
          invitation("shared@example.com", null),
          invitation("joined@example.com", "SENT", "ACCEPTED"),
        ]}
        nextCursor={null}
        actions={actions}
      />,
    );
    const statusOf = (email: string) => within(rowOf(email)).queryByTestId("email-status")?.textContent ?? null;
    expect(statusOf("queued@example.com")).toBe("Email queued");
    expect(statusOf("sent@example.com")).toBe("Email sent");
    expect(statusOf("failed@example.com")).toBe("Email failed · It couldn't be delivered. Copy the link and share it yourself, or Resend.");
    expect(statusOf("shared@example.com")).toBeNull();
    expect(statusOf("joined@example.com")).toBe("Email sent");
    // Beside Copy Link: in the same row of controls.
    const copy = within(rowOf("failed@example.com")).getByRole("button", { name: "Copy Link for failed@example.com" });
    expect(copy.parentElement).toContainElement(within(rowOf("failed@example.com")).getByTestId("email-status"));
  });
});

describe("Invite Member by Link: Send by email", () => {
  it("is checked at first when the server sends email, and posts what it says", async () => {
    const user = userEvent.setup();
    const create = recorder({ success: "Invitation link generated.", data: { url: "https://teamhub.example/accept-invitation/inv_x" } });
    render(<InviteMemberForm action={create.action} roles={["MEMBER"]} sendsEmail />);
    const box = screen.getByRole("checkbox", { name: "Send by email" });
    expect(box).toBeChecked();
    expect(box).toHaveAccessibleDescription("The address gets an email with a link of its own; you get the link to share either way.");

    await user.type(screen.getByLabelText("Email address"), "grace@example.com");
    await user.click(screen.getByRole("button", { name: "Generate Invitation Link" }));
    await waitFor(() => expect(create.calls).toHaveLength(1));
    expect(create.calls[0]).toMatchObject({ email: "grace@example.com", sendEmail: "true" });

    await user.click(box);
    expect(box).not.toBeChecked();
    await user.clear(screen.getByLabelText("Email address"));
    await user.type(screen.getByLabelText("Email address"), "alan@example.com");
    await user.click(screen.getByRole("button", { name: "Generate Invitation Link" }));
    await waitFor(() => expect(create.calls).toHaveLength(2));
    expect(create.calls[1]).toMatchObject({ email: "alan@example.com", sendEmail: "false" });
  });

  it("is absent when the server sends no email, and the form posts no choice", async () => {
    const user = userEvent.setup();
    const create = recorder({ success: "Invitation link generated.", data: { url: "https://teamhub.example/accept-invitation/inv_x" } });
    render(<InviteMemberForm action={create.action} roles={["MEMBER"]} />);
    expect(screen.queryByRole("checkbox", { name: "Send by email" })).not.toBeInTheDocument();
    await user.type(screen.getByLabelText("Email address"), "grace@example.com");
    await user.click(screen.getByRole("button", { name: "Generate Invitation Link" }));
    await waitFor(() => expect(create.calls).toHaveLength(1));
    expect(create.calls[0]).not.toHaveProperty("sendEmail");
  });
});
