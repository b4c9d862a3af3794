"use client";

import { localTime, useInBrowser } from "@/components/ui/local-time";
import { assignableRoles, can, memberControlsRefusal, ROLE_LABELS, transferRefusal, type Role } from "@/lib/permissions";
import type { FormAction } from "@/lib/forms/action-state";
import { MemberMenu, RoleSelect } from "./member-controls";
import type { MemberRow } from "./member-row";

type Viewer = { userId: string; role: Role };

/**
 * Account → Members. Owners and Admins get the role dropdown and the
 * three-dot menu on every row; where the permission module says they can't
 * act on someone (themselves, an Owner for an Admin, a personal
 * organization's owner), both are disabled and the row says why. Members get
 * no controls. The services enforce the same rules whatever the UI shows.
 *
 * One client component for the whole list, so the page sends each member's
 * facts once, compact (memberRow), for React to hydrate from, rather than
 * every cell's markup a second time; each fact appears once in the row at
 * every width; styles are per kind of cell, in app/globals.css: the page
 * stays light at 50 rows (issue 10).
 */
export function MembersTable({
  rows,
  viewer,
  organization,
  showPrivate,
  actions,
}: {
  rows: MemberRow[];
  viewer: Viewer;
  organization: { name: string; personalOwnerId: string | null };
  showPrivate: boolean;
  actions: { changeRole: FormAction; remove: FormAction; transferOwnership?: FormAction };
}) {
  const manages = can(viewer.role, "member:change-role");
  // The role dropdown and the menu need the page's JavaScript: until it runs, a row shows the role as text and no
  // menu (both come with the first render in the browser), so the HTML carries each row's facts once (issue 10).
  const interactive = useInBrowser();
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="members-table">
        <caption className="sr-only">Members of {organization.name}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            {manages ? (
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rows.map(([userId, name, email, role, joinedAt, lastActiveAt, unverified]) => {
            const member = { userId, name, role };
            const refusal = manages ? memberControlsRefusal(viewer, member, organization.personalOwnerId) : null;
            const refusalId = refusal ? `refusal-${userId}` : undefined;
            return (
              <tr key={userId} data-testid="member-row">
                <td>
                  <p>
                    <b>{name}</b>
                    {userId === viewer.userId ? " (you)" : null}
                    {showPrivate && unverified ? <mark>unverified</mark> : null}
                  </p>
                  {showPrivate && email ? <small>{email}</small> : null}
                  <small>
                    Joined {localTime(new Date(joinedAt), "date", interactive)}
                    {showPrivate && lastActiveAt !== null ? " · active " : null}
                    {showPrivate && lastActiveAt !== null ? localTime(new Date(lastActiveAt), "relative", interactive) : null}
                    {showPrivate && lastActiveAt === null ? " · never active" : null}
                  </small>
                </td>
                <td>
                  {manages && interactive ? (
                    <RoleSelect member={member} roles={refusal ? [role] : assignableRoles(viewer, member)} action={actions.changeRole} refusedBy={refusalId} />
                  ) : (
                    <p data-testid={manages ? undefined : "member-role"}>{ROLE_LABELS[role]}</p>
                  )}
                  {refusal ? (
                    <p id={refusalId} className="mt-1 max-w-56 text-xs text-slate-600">
                      {refusal}
                    </p>
                  ) : null}
                </td>
                {manages ? (
                  <td>
                    {interactive ? (
                      <MemberMenu
                        member={member}
                        organizationName={organization.name}
                        action={actions.remove}
                        transfer={transferRefusal(viewer, member, organization.personalOwnerId) === null ? actions.transferOwnership : undefined}
                        refusedBy={refusalId}
                      />
                    ) : null}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
