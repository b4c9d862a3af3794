/** @jest-environment jsdom */
import { act, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { InviteMembersDialog } from "@/components/invitations/invite-members-dialog";
import { AccountMenu } from "@/components/nav/account-menu";
import { NotificationBell } from "@/components/nav/notification-bell";
import { OrganizationSwitcher } from "@/components/nav/organization-switcher";
import { recorder } from "../helpers/form-action";
import { provideBrowserApisRadixUses } from "../helpers/radix-jsdom";

beforeAll(provideBrowserApisRadixUses);

const noop = async () => ({});

/**
 * The top navigation's menus and Invite members, as the server sends them: a
 * plain button that looks and reads like the trigger (Radix's menus aren't
 * rendered on the server, issue 10), which hydrates without a mismatch into
 * the real menu.
 */
const navigation = (
  <>
    <OrganizationSwitcher
      organizations={[
        { id: "o1", name: "Acme", role: "OWNER", personal: false },
        { id: "o2", name: "Olivia's organization", role: "OWNER", personal: true },
      ]}
      activeId="o1"
      switchAction={noop}
    />
    <NotificationBell
      unreadCount={2}
      notifications={[{ id: "n1", message: "Mia joined Acme.", opens: null, createdAt: new Date(), read: false }]}
      markReadAction={noop}
      openAction={recorder().action}
    />
    <AccountMenu
      name="Olivia"
      email="olivia@example.com"
      links={[{ href: "/settings", label: "Settings" }]}
      signOutAction={async () => {}}
    />
    <InviteMembersDialog action={async () => ({})} rowActions={{ copy: recorder().action, cancel: recorder().action, resend: recorder().action, inviteAgain: recorder().action }} roles={["MEMBER", "ADMIN"]} sendsEmail={false} />
  </>
);

const TRIGGERS = [
  { name: "Organization: Acme. Switch organization", opens: "menu" },
  { name: "Notifications, 2 unread", opens: "dialog" },
  { name: "Account", opens: "menu" },
  { name: "Invite members", opens: "dialog" },
];

it("sends each menu's trigger as a plain button, then hydrates it into the menu", async () => {
  const container = document.createElement("div");
  container.innerHTML = renderToString(navigation);
  document.body.append(container);
  const served = within(container);
  for (const { name, opens } of TRIGGERS) {
    const button = served.getByRole("button", { name });
    expect(button).toHaveAttribute("aria-haspopup", opens);
    expect(button).toHaveAttribute("aria-expanded", "false");
    // Radix marks its triggers; the server's placeholders are plain.
    expect(button).not.toHaveAttribute("data-state");
  }
  expect(container.querySelector("form#sign-out-form")).not.toBeNull();

  const errors = jest.spyOn(console, "error").mockImplementation(() => {});
  const recoverable: unknown[] = [];
  await act(async () => {
    hydrateRoot(container, navigation, { onRecoverableError: (error) => recoverable.push(error) });
  });
  expect(recoverable).toEqual([]);
  expect(errors).not.toHaveBeenCalled();
  errors.mockRestore();

  for (const { name } of TRIGGERS) expect(served.getByRole("button", { name })).toHaveAttribute("data-state", "closed");
  const user = userEvent.setup();
  await user.click(served.getByRole("button", { name: "Account" }));
  expect(within(document.body).getByRole("menuitem", { name: "Settings" })).toBeVisible();
  await user.keyboard("{Escape}");
  await user.click(served.getByRole("button", { name: "Notifications, 2 unread" }));
  expect(within(document.body).getByText("Mia joined Acme.")).toBeVisible();
  container.remove();
});
