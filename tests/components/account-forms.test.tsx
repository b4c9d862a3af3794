/** @jest-environment jsdom */
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { EmailNotificationsForm } from "@/components/account/email-notifications-form";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { recorder } from "../helpers/form-action";
import { findToast, renderWithToaster } from "../helpers/toasts";

describe("sign-up form with email on", () => {
  it("replaces the form with Check your email once the link is sent", async () => {
    const { action, calls } = recorder({ success: "Check your email: we sent a link to finish creating your account. It works for 24 hours." });
    render(<SignUpForm action={action} />);
    await userEvent.type(screen.getByLabelText("Name"), "Ada Lovelace");
    await userEvent.type(screen.getByLabelText("Email"), "ada@example.com");
    await userEvent.type(screen.getByLabelText("Password"), "analytical engine");
    await userEvent.click(screen.getByRole("button", { name: "Create account" }));
    expect(await screen.findByRole("heading", { name: "Check your email" })).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("It works for 24 hours.");
    expect(screen.queryByLabelText("Password")).not.toBeInTheDocument();
    expect(calls).toEqual([{ name: "Ada Lovelace", email: "ada@example.com", password: "analytical engine" }]);
  });
});

describe("forgot password form", () => {
  it("answers in place of the form", async () => {
    const { action, calls } = recorder({ success: "If an account exists for that address, we sent it a link to reset the password." });
    render(<ForgotPasswordForm action={action} />);
    await userEvent.type(screen.getByLabelText("Email"), "grace@example.com");
    await userEvent.click(screen.getByRole("button", { name: "Send reset link" }));
    expect(await screen.findByRole("status")).toHaveTextContent("If an account exists for that address");
    expect(screen.queryByLabelText("Email")).not.toBeInTheDocument();
    expect(calls).toEqual([{ email: "grace@example.com" }]);
  });
});

describe("notification emails switch", () => {
  it("sends the new value", async () => {
    const { action, calls } = recorder({ success: "Notification emails are off." });
    renderWithToaster(<EmailNotificationsForm action={action} enabled available />);
    const box = screen.getByRole("checkbox", { name: /Email me what the bell shows/ });
    expect(box).toBeChecked();
    await userEvent.click(box);
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await findToast("Notification emails are off.")).toBeInTheDocument();
    expect(calls).toEqual([{ enabled: "false" }]);
  });

  it("without email on the server, is disabled and says why", () => {
    const { action } = recorder();
    render(<EmailNotificationsForm action={action} enabled available={false} />);
    const box = screen.getByRole("checkbox", { name: /Email me what the bell shows/ });
    expect(box).toBeDisabled();
    expect(box).toHaveAccessibleDescription("Email is not set up on this server, so nothing is emailed.");
    expect(screen.queryByRole("button", { name: "Save" })).not.toBeInTheDocument();
  });
});
