import { fieldProps } from "@/components/ui/field";
import { ROLE_LABELS, type Role } from "@/lib/permissions";

/**
 * The role select of a form (invitations, API keys), Member unless another was
 * submitted. Keyed by the submitted role: React resets forms after an action,
 * and a select only reads defaultValue when it mounts.
 */
export function RoleChoice({ id, roles, submitted, errors }: { id: string; roles: Role[]; submitted?: string; errors?: string[] }) {
  const value = submitted ?? "MEMBER";
  return (
    <select key={value} {...fieldProps(id, errors)} name="role" defaultValue={value}>
      {roles.map((role) => (
        <option key={role} value={role}>
          {ROLE_LABELS[role]}
        </option>
      ))}
    </select>
  );
}
