import { LocalTime } from "@/components/ui/local-time";
import { assignableRoles, can, memberControlsRefusal, ROLE_LABELS, transferRefusal, type Role } from "@/lib/permissions";
import type { MemberView } from "@/lib/services/members";
import type { FormAction } from "@/lib/forms/action-state";
import { MemberMenu, RoleSelect } from "./member-controls";

type Viewer = { userId: string; role: Role };

/** The first line of every cell is as tall as a role dropdown, so names, roles and dates line up across a row. */
const FIRST_LINE = "flex min-h-[2.375rem] flex-wrap items-center gap-x-1.5";

/**
 * Account → Members. Owners and Admins get the role dropdown and the
 * three-dot menu on every row; where the permission module says they can't
 * act on someone (themselves, an Owner for an Admin, a personal
 * organization's owner), both are disabled and the row says why. Members get
 * no controls. The services enforce the same rules whatever the UI shows.
 */
export function MembersTable({
  members,
  viewer,
  organization,
  showPrivate,
  actions,
}: {
  members: MemberView[];
  viewer: Viewer;
  organization: { name: string; personalOwnerId: string | null };
  showPrivate: boolean;
  actions: { changeRole: FormAction; remove: FormAction; transferOwnership?: FormAction };
}) {
  const manages = can(viewer.role, "member:change-role");
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Members of {organization.name}</caption>
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
            const refusal = manages ? memberControlsRefusal(viewer, member, organization.personalOwnerId) : null;
            const refusalId = refusal ? `member-refusal-${member.userId}` : undefined;
            return (
              <tr key={member.userId} data-testid="member-row">
                <td className="px-3 py-2 align-top">
                  <div className={FIRST_LINE}>
                    <span className="font-medium">{member.name}</span>
                    {self ? <span className="text-slate-500">(you)</span> : null}
                    {showPrivate && member.emailVerified === false ? (
                      <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-900" title="This member hasn't confirmed their email address.">
                        unverified
                      </span>
                    ) : null}
                  </div>
                  {showPrivate && member.email ? <span className="block break-all text-xs text-slate-500 sm:hidden">{member.email}</span> : null}
                  {/* The Joined and Last active columns are hidden on narrow screens; the same facts go here. */}
                  <span className="block text-xs text-slate-500 md:hidden">
                    Joined <LocalTime date={member.joinedAt} format="date" />
                    {showPrivate && member.lastActiveAt ? (
                      <>
                        {" "}
                        · active <LocalTime date={member.lastActiveAt} format="relative" />
                      </>
                    ) : null}
                  </span>
                </td>
                {showPrivate ? (
                  <td className="hidden break-all px-3 py-2 align-top sm:table-cell">
                    <div className={FIRST_LINE}>{member.email}</div>
                  </td>
                ) : null}
                <td className="px-3 py-2 align-top">
                  {manages ? (
                    <RoleSelect member={member} roles={refusal ? [member.role] : assignableRoles(viewer, member)} action={actions.changeRole} refusedBy={refusalId} />
                  ) : (
                    <div className={FIRST_LINE} data-testid="member-role">
                      {ROLE_LABELS[member.role]}
                    </div>
                  )}
                  {refusal ? (
                    <p id={refusalId} className="mt-1 max-w-56 text-xs text-slate-600">
                      {refusal}
                    </p>
                  ) : null}
                </td>
                <td className="hidden px-3 py-2 align-top md:table-cell">
                  <div className={FIRST_LINE}>
                    <LocalTime date={member.joinedAt} format="date" />
                  </div>
                </td>
                {showPrivate ? (
                  <td className="hidden px-3 py-2 align-top md:table-cell">
                    <div className={FIRST_LINE}>{member.lastActiveAt ? <LocalTime date={member.lastActiveAt} format="relative" /> : "—"}</div>
                  </td>
                ) : null}
                <td className="px-3 py-2 text-right align-top">
                  {manages ? (
                    <MemberMenu
                      member={member}
                      organizationName={organization.name}
                      action={actions.remove}
                      transfer={transferRefusal(viewer, member, organization.personalOwnerId) === null ? actions.transferOwnership : undefined}
                      refusedBy={refusalId}
                    />
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
