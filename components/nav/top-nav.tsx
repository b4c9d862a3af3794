import Link from "next/link";
import { can } from "@/lib/permissions";
import type { ActionState, FormAction } from "@/lib/forms/action-state";
import type { PageActor } from "@/lib/services/actors";
import type { Actor } from "@/lib/services/types";
import { AccountMenu, type AccountLink } from "./account-menu";
import { NotificationBell } from "./notification-bell";
import { OrganizationSwitcher } from "./organization-switcher";

function accountLinks(actor: Actor): AccountLink[] {
  const links: AccountLink[] = [
    { href: "/settings", label: "Settings" },
    { href: "/members", label: "Members" },
  ];
  if (can(actor.role, "audit:read")) links.push({ href: "/audit-log", label: "Audit log" });
  links.push({ href: "/account", label: "Account settings" });
  return links;
}

/** The server actions behind the navigation's controls, passed down by the page frame (app/(app)/app-shell.tsx). */
export type NavActions = {
  switchOrganization: (organizationId: string) => Promise<ActionState>;
  markNotificationsRead: () => Promise<ActionState>;
  openNotification: FormAction;
  signOut: (formData: FormData) => Promise<void>;
};

/** The navigation of every signed-in page; what it shows was read with the actor (lib/services/actors.ts). */
export function TopNav({ actor, navigation, actions }: { actor: Actor; navigation: PageActor["navigation"]; actions: NavActions }) {
  const { organizations, notifications } = navigation;
  return (
    <header className="top-nav">
      {/* One row even at 375 px: the organization's name truncates rather than pushing the bell and Account down. */}
      <nav aria-label="Main">
        <div className="top-nav-start">
          <Link href="/dashboard" className="top-nav-home">
            Teamhub
          </Link>
          <OrganizationSwitcher organizations={organizations} activeId={actor.organizationId} switchAction={actions.switchOrganization} />
        </div>
        <div className="top-nav-end">
          <NotificationBell
            unreadCount={notifications.unreadCount}
            notifications={notifications.data.map((n) => ({ id: n.id, message: n.message, opens: n.opens, read: n.read, createdAt: n.createdAt }))}
            markReadAction={actions.markNotificationsRead}
            openAction={actions.openNotification}
          />
          <AccountMenu name={actor.name} email={actor.email} links={accountLinks(actor)} signOutAction={actions.signOut} />
        </div>
      </nav>
    </header>
  );
}
