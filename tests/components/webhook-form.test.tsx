/** @jest-environment jsdom */
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { WebhookForm } from "@/components/webhooks/webhook-form";
import { recorder } from "../helpers/form-action";
import { findToast, renderWithToaster } from "../helpers/toasts";

const EVENT_TYPES = [
  { type: "member.added", label: "Member added" },
  { type: "member.removed", label: "Member removed" },
  { type: "organization.updated", label: "Organization renamed" },
];

describe("the webhook form", () => {
  it("adds an endpoint for all events and shows its secret once, with Copy", async () => {
    const user = userEvent.setup();
    const { action, calls } = recorder({ success: "Endpoint https://example.com/hook added.", data: { secret: "whsec_c2VjcmV0" } });
    renderWithToaster(<WebhookForm action={action} eventTypes={EVENT_TYPES} />);
    expect(screen.getByRole("radio", { name: /All events/ })).toBeChecked();
    expect(screen.queryByRole("checkbox")).not.toBeInTheDocument();
    await user.type(screen.getByLabelText("Endpoint URL"), "https://example.com/hook");
    await user.type(screen.getByLabelText("Description"), "CRM sync");
    await user.click(screen.getByRole("button", { name: "Add endpoint" }));
    expect(await findToast("Endpoint https://example.com/hook added.")).toBeInTheDocument();
    expect(calls).toEqual([expect.objectContaining({ url: "https://example.com/hook", description: "CRM sync", eventTypes: "*" })]);
    expect(screen.getByLabelText("Signing secret")).toHaveValue("whsec_c2VjcmV0");
    // Copy says what it copied: a secret, not a link.
    await user.click(screen.getByRole("button", { name: "Copy secret" }));
    expect(await findToast("Secret copied.")).toBeInTheDocument();
    await expect(navigator.clipboard.readText()).resolves.toBe("whsec_c2VjcmV0");
  });

  it("sends only the event types chosen, and says what's wrong next to them", async () => {
    const { action, calls } = recorder({ error: "Some fields need attention.", fieldErrors: { eventTypes: ["Choose at least one event type, or all of them."] } });
    render(<WebhookForm action={action} eventTypes={EVENT_TYPES} />);
    await userEvent.type(screen.getByLabelText("Endpoint URL"), "https://example.com/hook");
    await userEvent.click(screen.getByRole("radio", { name: "Only the events I choose" }));
    await userEvent.click(screen.getByRole("checkbox", { name: /Member removed/ }));
    await userEvent.click(screen.getByRole("checkbox", { name: /Member added/ }));
    await userEvent.click(screen.getByRole("button", { name: "Add endpoint" }));
    expect(await screen.findByText("Choose at least one event type, or all of them.")).toBeInTheDocument();
    // Said once, next to the events: no banner above the form.
    expect(screen.queryByText("Some fields need attention.")).not.toBeInTheDocument();
    expect(calls[0]).toMatchObject({ eventTypes: "member.removed,member.added" });
  });

  it("edits an endpoint: its values filled in, and enabled as a switch", async () => {
    const { action, calls } = recorder({ success: "Saved." });
    const endpoint = { id: "5f0c1a52-8a7e-4d0b-9c7e-3f1b2a4d5e6f", url: "https://example.com/hook", description: "CRM", eventTypes: ["member.added"], enabled: true };
    renderWithToaster(<WebhookForm action={action} eventTypes={EVENT_TYPES} endpoint={endpoint} />);
    expect(screen.getByLabelText("Endpoint URL")).toHaveValue("https://example.com/hook");
    expect(screen.getByRole("radio", { name: "Only the events I choose" })).toBeChecked();
    expect(screen.getByRole("checkbox", { name: /Member added/ })).toBeChecked();
    await userEvent.click(screen.getByRole("checkbox", { name: /Enabled/ }));
    await userEvent.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await findToast("Saved.")).toBeInTheDocument();
    expect(calls).toEqual([expect.objectContaining({ id: endpoint.id, url: endpoint.url, description: "CRM", eventTypes: "member.added", enabled: "false" })]);
    expect(screen.queryByLabelText("Signing secret")).not.toBeInTheDocument();
  });
});
