import { formatDate, relativeTime } from "@/lib/format";
import { assignableRoles, removalRefusal, ROLE_LABELS, type Role } from "@/lib/permissions";
import type { MemberView } from "@/lib/services/members";
import type { FormAction } from "@/lib/forms/action-state";
import { MemberMenu, RoleSelect } from "./member-controls";

type Viewer = { userId: string; role: Role };

/**
 * Account → Members. Controls appear only where the permission module allows
 * them; the services enforce the same rules whatever the UI shows.
 */
export function MembersTable({
  members,
  viewer,
  organizationName,
  showPrivate,
  actions,
  now = new Date(),
}: {
  members: MemberView[];
  viewer: Viewer;
  organizationName: string;
  showPrivate: boolean;
  actions: { changeRole: FormAction; remove: FormAction };
  now?: Date;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Members of {organizationName}</caption>
        <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2">
              Name
            </th>
            {showPrivate ? (
              <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                Email
              </th>
            ) : null}
            <th scope="col" className="px-3 py-2">
              Role
            </th>
            <th scope="col" className="hidden px-3 py-2 md:table-cell">
              Joined
            </th>
            {showPrivate ? (
              <th scope="col" className="hidden px-3 py-2 md:table-cell">
                Last active
              </th>
            ) : null}
            <th scope="col" className="px-3 py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {members.map((member) => {
            const self = member.userId === viewer.userId;
            const roles = self ? [] : assignableRoles(viewer, member);
            const canRemove = removalRefusal(viewer, member) === null;
            return (
              <tr key={member.userId} data-testid="member-row">
                <td className="px-3 py-2 align-top">
                  <span className="font-medium">{member.name}</span>
                  {self ? <span className="text-slate-500"> (you)</span> : null}
                  {showPrivate && member.emailVerified === false ? (
                    <span className="ml-1.5 rounded bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-900" title="This member hasn't confirmed their email address.">
                      unverified
                    </span>
                  ) : null}
                  {showPrivate && member.email ? <span className="block break-all text-xs text-slate-500 sm:hidden">{member.email}</span> : null}
                  {/* The Joined and Last active columns are hidden on narrow screens; the same facts go here. */}
                  <span className="block text-xs text-slate-500 md:hidden">
                    Joined {formatDate(member.joinedAt)}
                    {showPrivate && member.lastActiveAt ? ` · active ${relativeTime(member.lastActiveAt, now)}` : ""}
                  </span>
                </td>
                {showPrivate ? <td className="hidden break-all px-3 py-2 align-top sm:table-cell">{member.email}</td> : null}
                <td className="px-3 py-2 align-top">
                  {roles.length > 1 ? (
                    <RoleSelect member={member} roles={roles} action={actions.changeRole} />
                  ) : (
                    <span data-testid="member-role">{ROLE_LABELS[member.role]}</span>
                  )}
                </td>
                <td className="hidden px-3 py-2 align-top md:table-cell">{formatDate(member.joinedAt)}</td>
                {showPrivate ? (
                  <td className="hidden px-3 py-2 align-top md:table-cell">{member.lastActiveAt ? relativeTime(member.lastActiveAt, now) : "—"}</td>
                ) : null}
                <td className="px-3 py-2 text-right align-top">
                  {canRemove ? <MemberMenu member={member} organizationName={organizationName} action={actions.remove} /> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
