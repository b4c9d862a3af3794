/** @jest-environment jsdom */
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { MemberNotices } from "@/components/members/member-notices";
import { memberRow } from "@/components/members/member-row";
import { MembersTable } from "@/components/members/members-table";
import type { ActionState, FormAction } from "@/lib/forms/action-state";
import type { Role } from "@/lib/permissions";
import type { MemberView } from "@/lib/services/members";
import { recorder } from "../helpers/form-action";
import { provideBrowserApisRadixUses } from "../helpers/radix-jsdom";
import { findToast, renderWithToaster } from "../helpers/toasts";

beforeAll(provideBrowserApisRadixUses);

// Relative times are the browser's, against its own clock.
const NOW = new Date();
const JOINED = new Date("2025-01-10T09:00:00Z");

function member(userId: string, name: string, role: Role, minutesAgo: number): MemberView {
  return {
    userId,
    name,
    email: `${name.toLowerCase()}@example.com`,
    role,
    joinedAt: JOINED,
    lastActiveAt: new Date(NOW.getTime() - minutesAgo * 60_000),
    emailVerified: true,
  };
}

const owner = member("u-owner", "Olivia", "OWNER", 3);
const coOwner = member("u-owner2", "Oscar", "OWNER", 70);
const admin = member("u-admin", "Adam", "ADMIN", 60 * 24 * 2);
const memberA = member("u-member1", "Mia", "MEMBER", 10);
const memberB = member("u-member2", "Max", "MEMBER", 0);
const everyone = [owner, coOwner, admin, memberA, memberB];

/** What other members look like to a Member: no emails, no activity. */
const hidePrivate = (view: MemberView, viewerId: string): MemberView =>
  view.userId === viewerId ? view : { ...view, email: null, lastActiveAt: null, emailVerified: null };

function renderTable({
  viewer,
  members = everyone,
  showPrivate = true,
  changeRole = recorder().action,
  remove = recorder().action,
  transferOwnership = recorder().action,
  personalOwnerId = null,
}: {
  viewer: MemberView;
  members?: MemberView[];
  showPrivate?: boolean;
  changeRole?: FormAction;
  remove?: FormAction;
  transferOwnership?: FormAction;
  personalOwnerId?: string | null;
}) {
  // As the Members page renders it: inside the notice that takes focus after a removal, with the app's toaster.
  return renderWithToaster(
    <MemberNotices>
      <MembersTable
        rows={members.map(memberRow)}
        viewer={{ userId: viewer.userId, role: viewer.role }}
        organization={{ name: "Acme", personalOwnerId }}
        showPrivate={showPrivate}
        actions={{ changeRole, remove, transferOwnership }}
      />
    </MemberNotices>,
  );
}

const rowOf = (name: string) => {
  const row = screen.getAllByTestId("member-row").find((candidate) => within(candidate).queryByText(name) !== null);
  if (!row) throw new Error(`No row for ${name}`);
  return row;
};

const optionsOf = (select: HTMLElement) => within(select).getAllByRole("option").map((option) => option.textContent);

describe("members table as seen by an Owner", () => {
  it("offers every role and the actions menu on every other row; on their own both are disabled, saying why", () => {
    renderTable({ viewer: owner });

    expect(screen.getByRole("table", { name: "Members of Acme" })).toBeInTheDocument();
    expect(screen.getAllByRole("columnheader").map((header) => header.textContent)).toEqual(["Name", "Role", "Actions"]);

    for (const other of [coOwner, admin, memberA, memberB]) {
      const select = screen.getByLabelText(`Role of ${other.name}`);
      expect(optionsOf(select)).toEqual(["Owner", "Admin", "Member"]);
      expect(select).toHaveValue(other.role);
      expect(screen.getByRole("button", { name: `Actions for ${other.name}` })).toBeInTheDocument();
    }

    const own = rowOf("Olivia");
    expect(own).toHaveTextContent("(you)");
    const why = "You can't change your own role or remove yourself. To leave, use Leave Organization in Settings.";
    const ownRole = screen.getByLabelText("Role of Olivia");
    expect(ownRole).toBeDisabled();
    expect(ownRole).toHaveValue("OWNER");
    expect(ownRole).toHaveAccessibleDescription(why);
    const ownMenu = screen.getByRole("button", { name: "Actions for Olivia" });
    expect(ownMenu).toBeDisabled();
    expect(ownMenu).toHaveAccessibleDescription(why);
    expect(within(own).getByText(why)).toBeVisible();
    expect(screen.getAllByText("(you)", { exact: false })).toHaveLength(1);
  });

  it("shows emails and relative last-active times, each once, under the name", () => {
    renderTable({ viewer: owner });
    expect(within(rowOf("Mia")).getByText("mia@example.com")).toBeVisible();
    expect(rowOf("Olivia")).toHaveTextContent("3 minutes ago");
    expect(rowOf("Oscar")).toHaveTextContent("1 hour ago");
    expect(rowOf("Adam")).toHaveTextContent("2 days ago");
    expect(rowOf("Max")).toHaveTextContent("just now");
    expect(rowOf("Mia")).toHaveTextContent("Joined Jan 10, 2025");
    // Each is a <time> carrying the exact moment, the exact local time as its tooltip.
    const lastActive = within(rowOf("Oscar")).getByText("1 hour ago");
    expect(lastActive.tagName).toBe("TIME");
    expect(lastActive).toHaveAttribute("dateTime", coOwner.lastActiveAt!.toISOString());
  });

  it("says when a member has never been active", () => {
    renderTable({ viewer: owner, members: [owner, { ...memberA, lastActiveAt: null }] });
    expect(rowOf("Mia")).toHaveTextContent("Joined Jan 10, 2025 · never active");
  });
});

describe("members table as the server sends it", () => {
  const table = (
    <MembersTable
      rows={everyone.map(memberRow)}
      viewer={{ userId: owner.userId, role: owner.role }}
      organization={{ name: "Acme", personalOwnerId: null }}
      showPrivate
      actions={{ changeRole: recorder().action, remove: recorder().action, transferOwnership: recorder().action }}
    />
  );

  it("shows each role as text and no menu until the page's JavaScript runs (each row's facts sent once), then hydrates into the controls", async () => {
    const container = document.createElement("div");
    container.innerHTML = renderToString(table);
    document.body.append(container);
    expect(container.querySelectorAll("select, button")).toHaveLength(0);
    expect(within(container).getAllByRole("row").slice(1).map((row) => within(row).getAllByRole("cell")[1]?.textContent)).toEqual(
      expect.arrayContaining(["Owner", "Admin", "Member"]),
    );
    // The reason a control is disabled is there from the start.
    expect(container).toHaveTextContent("You can't change your own role or remove yourself.");

    const errors = jest.spyOn(console, "error").mockImplementation(() => {});
    const recoverable: unknown[] = [];
    await act(async () => {
      hydrateRoot(container, table, { onRecoverableError: (error) => recoverable.push(error) });
    });
    expect(within(container).getByLabelText("Role of Mia")).toHaveValue("MEMBER");
    expect(within(container).getByRole("button", { name: "Actions for Mia" })).toBeEnabled();
    expect(within(container).getByRole("button", { name: "Actions for Olivia" })).toBeDisabled();
    expect(recoverable).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
    container.remove();
  });
});

describe("members table as seen by an Admin", () => {
  it("can't touch Owners (their controls are disabled, saying why) and never offers the Owner role", () => {
    renderTable({ viewer: admin });

    for (const ownerRow of [owner, coOwner]) {
      const why = "Only Owners can change an Owner's role or remove an Owner.";
      const role = screen.getByLabelText(`Role of ${ownerRow.name}`);
      expect(role).toBeDisabled();
      expect(role).toHaveValue("OWNER");
      expect(role).toHaveAccessibleDescription(why);
      expect(screen.getByRole("button", { name: `Actions for ${ownerRow.name}` })).toBeDisabled();
      expect(screen.getByRole("button", { name: `Actions for ${ownerRow.name}` })).toHaveAccessibleDescription(why);
    }

    for (const other of [memberA, memberB]) {
      expect(optionsOf(screen.getByLabelText(`Role of ${other.name}`))).toEqual(["Admin", "Member"]);
      expect(screen.getByRole("button", { name: `Actions for ${other.name}` })).toBeInTheDocument();
    }

    const own = rowOf("Adam");
    expect(own).toHaveTextContent("(you)");
    expect(screen.getByLabelText("Role of Adam")).toBeDisabled();
    expect(screen.getByRole("button", { name: "Actions for Adam" })).toBeDisabled();
  });
});

describe("members table of a personal organization", () => {
  it("disables the controls on its owner for another Owner, saying why", () => {
    renderTable({ viewer: coOwner, personalOwnerId: owner.userId });
    const why = "This is their personal organization: they always stay its Owner.";
    expect(screen.getByLabelText("Role of Olivia")).toBeDisabled();
    expect(screen.getByLabelText("Role of Olivia")).toHaveAccessibleDescription(why);
    expect(screen.getByRole("button", { name: "Actions for Olivia" })).toBeDisabled();
    expect(screen.getByLabelText("Role of Mia")).toBeEnabled();
    expect(screen.getByRole("button", { name: "Actions for Mia" })).toBeEnabled();
  });
});

describe("members table as seen by a Member", () => {
  it("shows no controls and no private details of others", () => {
    renderTable({ viewer: memberA, showPrivate: false, members: everyone.map((view) => hidePrivate(view, memberA.userId)) });

    expect(screen.queryByRole("combobox")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Actions for/ })).not.toBeInTheDocument();
    expect(screen.getAllByRole("columnheader").map((header) => header.textContent)).toEqual(["Name", "Role"]);

    for (const other of [owner, coOwner, admin, memberB]) {
      expect(screen.queryByText(other.email!)).not.toBeInTheDocument();
    }
    expect(screen.queryByText(/minutes? ago|hours? ago|days? ago|just now/)).not.toBeInTheDocument();
    expect(screen.getAllByTestId("member-role").map((cell) => cell.textContent)).toEqual(["Owner", "Owner", "Admin", "Member", "Member"]);
    expect(rowOf("Mia")).toHaveTextContent("(you)");
  });

  it("keeps emails out even if the data carries them, as long as showPrivate is false", () => {
    renderTable({ viewer: memberA, showPrivate: false });
    for (const other of [owner, coOwner, admin, memberB]) {
      expect(screen.queryByText(other.email!)).not.toBeInTheDocument();
    }
  });
});

describe("changing a role", () => {
  it("asks for confirmation, then submits the user id and the new role", async () => {
    const user = userEvent.setup();
    const changeRole = recorder();
    renderTable({ viewer: owner, changeRole: changeRole.action });

    await user.selectOptions(screen.getByLabelText("Role of Mia"), "ADMIN");
    const dialog = await screen.findByRole("alertdialog", { name: "Change Mia's role?" });
    expect(dialog).toHaveAccessibleDescription(expect.stringContaining("Mia goes from Member to Admin."));
    expect(changeRole.calls).toEqual([]);

    await user.click(within(dialog).getByRole("button", { name: "Change role" }));
    await waitFor(() => expect(changeRole.calls).toEqual([{ userId: "u-member1", role: "ADMIN" }]));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument());
    // The table shows the server's role until the page is revalidated.
    expect(screen.getByLabelText("Role of Mia")).toHaveValue("MEMBER");
  });

  it("says that a demotion cancels the invitations the member's new role may not make", async () => {
    const user = userEvent.setup();
    renderTable({ viewer: owner });
    await user.selectOptions(screen.getByLabelText("Role of Adam"), "MEMBER");
    let dialog = await screen.findByRole("alertdialog", { name: "Change Adam's role?" });
    expect(dialog).toHaveAccessibleDescription(expect.stringContaining("Pending invitations they made for Admins or Members are cancelled."));
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));

    // An Owner who becomes Admin may still invite Admins and Members: nothing is cancelled.
    await user.selectOptions(screen.getByLabelText("Role of Oscar"), "ADMIN");
    dialog = await screen.findByRole("alertdialog", { name: "Change Oscar's role?" });
    expect(dialog).toHaveAccessibleDescription(expect.not.stringContaining("invitations"));
  });

  it("doesn't let arrow keys or typing change a closed dropdown (each change would ask), but leaves Tab, Space and Enter alone", () => {
    renderTable({ viewer: owner });
    const select = screen.getByLabelText("Role of Mia");
    for (const key of ["ArrowDown", "ArrowUp", "Home", "End", "PageDown", "a"]) {
      expect(fireEvent.keyDown(select, { key })).toBe(false);
    }
    for (const key of ["Tab", " ", "Enter", "Escape"]) {
      expect(fireEvent.keyDown(select, { key })).toBe(true);
    }
    expect(fireEvent.keyDown(select, { key: "ArrowDown", altKey: true })).toBe(true);
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
  });

  it("submits nothing when cancelled (button or Escape)", async () => {
    const user = userEvent.setup();
    const changeRole = recorder();
    renderTable({ viewer: owner, changeRole: changeRole.action });

    await user.selectOptions(screen.getByLabelText("Role of Oscar"), "MEMBER");
    const dialog = await screen.findByRole("alertdialog", { name: "Change Oscar's role?" });
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument());

    await user.selectOptions(screen.getByLabelText("Role of Adam"), "OWNER");
    await screen.findByRole("alertdialog", { name: "Change Adam's role?" });
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument());

    expect(changeRole.calls).toEqual([]);
    expect(screen.getByLabelText("Role of Oscar")).toHaveValue("OWNER");
    expect(screen.getByLabelText("Role of Adam")).toHaveValue("ADMIN");
  });

  it("says the change was made in a toast, leaving focus on the dropdown", async () => {
    const user = userEvent.setup();
    const changeRole = recorder({ success: "Mia is now Admin." });
    renderTable({ viewer: owner, changeRole: changeRole.action });

    await user.selectOptions(screen.getByLabelText("Role of Mia"), "ADMIN");
    await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Change role" }));
    expect(await findToast("Mia is now Admin.")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText("Role of Mia")).toHaveFocus());
  });

  it("shows the server's refusal as an alert next to the dropdown", async () => {
    const user = userEvent.setup();
    const changeRole = recorder({ error: "The organization must keep at least one Owner." });
    renderTable({ viewer: owner, changeRole: changeRole.action });

    await user.selectOptions(screen.getByLabelText("Role of Oscar"), "ADMIN");
    const dialog = await screen.findByRole("alertdialog", { name: "Change Oscar's role?" });
    await user.click(within(dialog).getByRole("button", { name: "Change role" }));

    const alert = await within(rowOf("Oscar")).findByRole("alert");
    expect(alert).toHaveTextContent("The organization must keep at least one Owner.");
    expect(changeRole.calls).toEqual([{ userId: "u-owner2", role: "ADMIN" }]);
    expect(screen.getByLabelText("Role of Oscar")).toBeEnabled();
  });

  it("takes no other change while one is pending, keeping focus on the dropdown", async () => {
    const user = userEvent.setup();
    let finish: (state: ActionState) => void = () => {};
    const changeRole: FormAction = () => new Promise<ActionState>((resolve) => (finish = resolve));
    renderTable({ viewer: owner, changeRole });

    const select = screen.getByLabelText("Role of Max");
    await user.selectOptions(select, "ADMIN");
    await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Change role" }));
    await waitFor(() => expect(select).toHaveAttribute("aria-disabled", "true"));
    await waitFor(() => expect(select).toHaveFocus());
    await user.selectOptions(select, "OWNER");
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    finish({});
    await waitFor(() => expect(select).not.toHaveAttribute("aria-disabled"));
  });
});

describe("focus after a confirmation closes", () => {
  it("goes back to the role dropdown", async () => {
    const user = userEvent.setup();
    renderTable({ viewer: owner });
    const select = screen.getByLabelText("Role of Mia");
    select.focus();
    await user.selectOptions(select, "ADMIN");
    await screen.findByRole("alertdialog");
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument());
    await waitFor(() => expect(select).toHaveFocus());
  });

  it("goes back to the actions menu button", async () => {
    const user = userEvent.setup();
    renderTable({ viewer: owner });
    const trigger = screen.getByRole("button", { name: "Actions for Mia" });
    trigger.focus();
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByRole("menuitem", { name: "Remove" })).toHaveFocus());
    await user.keyboard("{Enter}");
    await screen.findByRole("alertdialog");
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument());
    await waitFor(() => expect(trigger).toHaveFocus());
  });
});

describe("removing a member", () => {
  it("opens the menu by click, confirms, and submits the user id", async () => {
    const user = userEvent.setup();
    const remove = recorder();
    renderTable({ viewer: owner, remove: remove.action });

    await user.click(screen.getByRole("button", { name: "Actions for Mia" }));
    await user.click(await screen.findByRole("menuitem", { name: "Remove" }));

    const dialog = await screen.findByRole("alertdialog", { name: "Remove Mia?" });
    expect(dialog).toHaveAccessibleDescription(expect.stringContaining("Mia loses access to Acme"));
    expect(remove.calls).toEqual([]);

    await user.click(within(dialog).getByRole("button", { name: "Remove" }));
    await waitFor(() => expect(remove.calls).toEqual([{ userId: "u-member1" }]));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument());
  });

  it("says it was done in a toast and above the table, moving focus there, since the row goes away", async () => {
    const user = userEvent.setup();
    const remove = recorder({ success: "Mia was removed. They lose access on their next request." });
    renderTable({ viewer: owner, remove: remove.action });

    await user.click(screen.getByRole("button", { name: "Actions for Mia" }));
    await user.click(await screen.findByRole("menuitem", { name: "Remove" }));
    await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Remove" }));
    expect(await findToast("Mia was removed. They lose access on their next request.")).toBeInTheDocument();
    const notice = screen.getAllByText("Mia was removed. They lose access on their next request.").find((element) => element.tagName === "P")!;
    await waitFor(() => expect(notice).toHaveFocus());
  });

  it("works from the keyboard alone", async () => {
    const user = userEvent.setup();
    const remove = recorder();
    renderTable({ viewer: admin, remove: remove.action });

    const trigger = screen.getByRole("button", { name: "Actions for Max" });
    trigger.focus();
    await user.keyboard("{Enter}");
    const item = await screen.findByRole("menuitem", { name: "Remove" });
    await waitFor(() => expect(item).toHaveFocus());
    await user.keyboard("{Enter}");

    const dialog = await screen.findByRole("alertdialog", { name: "Remove Max?" });
    // Focus moves into the dialog; the safe choice is reachable and Escape cancels.
    await waitFor(() => expect(dialog).toContainElement(document.activeElement as HTMLElement));
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument());
    expect(remove.calls).toEqual([]);

    trigger.focus();
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByRole("menuitem", { name: "Remove" })).toHaveFocus());
    await user.keyboard("{Enter}");
    const again = await screen.findByRole("alertdialog", { name: "Remove Max?" });
    within(again).getByRole("button", { name: "Remove" }).focus();
    await user.keyboard("{Enter}");
    await waitFor(() => expect(remove.calls).toEqual([{ userId: "u-member2" }]));
  });

  it("submits nothing when the confirmation is cancelled", async () => {
    const user = userEvent.setup();
    const remove = recorder();
    renderTable({ viewer: owner, remove: remove.action });

    await user.click(screen.getByRole("button", { name: "Actions for Oscar" }));
    await user.click(await screen.findByRole("menuitem", { name: "Remove" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Remove Oscar?" });
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument());
    expect(remove.calls).toEqual([]);
  });

  it("shows the server's refusal as an alert in the row", async () => {
    const user = userEvent.setup();
    const remove = recorder({ error: "The organization must keep at least one Owner." });
    renderTable({ viewer: owner, remove: remove.action });

    await user.click(screen.getByRole("button", { name: "Actions for Oscar" }));
    await user.click(await screen.findByRole("menuitem", { name: "Remove" }));
    await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Remove" }));

    expect(await within(rowOf("Oscar")).findByRole("alert")).toHaveTextContent("The organization must keep at least one Owner.");
    expect(remove.calls).toEqual([{ userId: "u-owner2" }]);
  });
});

describe("transferring ownership", () => {
  it("is offered to Owners on rows of members who aren't Owners, and to nobody else", async () => {
    const user = userEvent.setup();
    const { unmount } = renderTable({ viewer: owner });
    await user.click(screen.getByRole("button", { name: "Actions for Mia" }));
    expect((await screen.findAllByRole("menuitem")).map((item) => item.textContent)).toEqual(["Remove", "Transfer ownership"]);
    await user.keyboard("{Escape}");
    await user.click(screen.getByRole("button", { name: "Actions for Oscar" }));
    expect((await screen.findAllByRole("menuitem")).map((item) => item.textContent)).toEqual(["Remove"]);
    unmount();

    renderTable({ viewer: admin });
    await user.click(screen.getByRole("button", { name: "Actions for Mia" }));
    expect((await screen.findAllByRole("menuitem")).map((item) => item.textContent)).toEqual(["Remove"]);
  });

  it("confirms naming the person, submits their user id, and says what happened above the table", async () => {
    const user = userEvent.setup();
    const transfer = recorder({ success: "Adam is now an Owner. You are now an Admin." });
    renderTable({ viewer: owner, transferOwnership: transfer.action });
    await user.click(screen.getByRole("button", { name: "Actions for Adam" }));
    await user.click(await screen.findByRole("menuitem", { name: "Transfer ownership" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Transfer ownership of Acme to Adam?" });
    expect(dialog).toHaveAccessibleDescription("Adam becomes an Owner and you become an Admin, at once. Only an Owner can make you Owner again. You both get a notification.");
    await user.click(within(dialog).getByRole("button", { name: "Keep ownership" }));
    expect(transfer.calls).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Actions for Adam" }));
    await user.click(await screen.findByRole("menuitem", { name: "Transfer ownership" }));
    await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Transfer to Adam" }));
    await waitFor(() => expect(transfer.calls).toEqual([{ userId: "u-admin" }]));
    expect(await findToast("Adam is now an Owner. You are now an Admin.")).toBeInTheDocument();
    const notice = screen.getAllByText("Adam is now an Owner. You are now an Admin.").find((element) => element.tagName === "P")!;
    await waitFor(() => expect(notice).toHaveFocus());
  });
});
