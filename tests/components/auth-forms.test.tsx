/** @jest-environment jsdom */
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { SignInForm } from "@/components/auth/sign-in-form";
import { SignUpForm } from "@/components/auth/sign-up-form";
import type { ActionState } from "@/lib/forms/action-state";

describe("sign-up form", () => {
  it("labels every field, shows the server's field errors inline (only there), and keeps what was typed but the password", async () => {
    const submitted: Record<string, FormDataEntryValue>[] = [];
    const action = async (_state: ActionState, formData: FormData): Promise<ActionState> => {
      submitted.push(Object.fromEntries(formData));
      return {
        error: "Some fields need attention.",
        fieldErrors: { email: ["Enter a valid email address, like name@example.com."], password: ["Use at least 8 characters."] },
        values: { name: String(formData.get("name")), email: String(formData.get("email")) },
      };
    };
    render(<SignUpForm action={action} callbackUrl="/members" />);
    await userEvent.type(screen.getByLabelText("Name"), "Ada");
    await userEvent.type(screen.getByLabelText("Email"), "ada@");
    await userEvent.type(screen.getByLabelText("Password"), "short");
    await userEvent.click(screen.getByRole("button", { name: "Create account" }));

    expect(await screen.findByText("Use at least 8 characters.")).toBeInTheDocument();
    expect(screen.queryByText("Some fields need attention.")).not.toBeInTheDocument();
    expect(screen.getAllByRole("alert").map((alert) => alert.textContent)).toEqual(["Enter a valid email address, like name@example.com.", "Use at least 8 characters."]);
    expect(screen.getByLabelText("Email")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Email")).toHaveAccessibleDescription("Enter a valid email address, like name@example.com.");
    expect(screen.getByLabelText("Name")).toHaveValue("Ada");
    expect(screen.getByLabelText("Email")).toHaveValue("ada@");
    expect(screen.getByLabelText("Password")).toHaveValue("");
    expect(submitted).toEqual([{ callbackUrl: "/members", name: "Ada", email: "ada@", password: "short" }]);
  });

  it("from an invitation, shows the invited email locked, saying so", () => {
    render(<SignUpForm action={async () => ({})} invitation={{ token: "inv_x", email: "jane@acme.com" }} />);
    const email = screen.getByLabelText("Email");
    expect(email).toHaveValue("jane@acme.com");
    expect(email).toHaveAttribute("readonly");
    expect(email).toHaveAccessibleDescription("The invitation is for this address, so it can't be changed.");
  });

  it("says a form-level error above the form when no field has one", async () => {
    render(<SignUpForm action={async () => ({ error: "Too many sign-ups from your network. Try again later." })} />);
    await userEvent.click(screen.getByRole("button", { name: "Create account" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Too many sign-ups from your network. Try again later.");
  });
});

describe("sign-in form", () => {
  it("shows a pending state while signing in, then the generic error", async () => {
    let finish: (state: ActionState) => void = () => {};
    const action = () => new Promise<ActionState>((resolve) => (finish = resolve));
    render(<SignInForm action={action} email="grace@example.com" />);
    expect(screen.getByLabelText("Email")).toHaveValue("grace@example.com");
    await userEvent.type(screen.getByLabelText("Password"), "wrong password");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("button", { name: "Signing in…" })).toBeDisabled();
    finish({ error: "Invalid email or password.", values: { email: "grace@example.com" } });
    await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent("Invalid email or password."));
    expect(screen.getByRole("button", { name: "Sign in" })).toBeEnabled();
  });
});
