import type { EventType } from "@/lib/services/events/records";
import type { EventTypeOption } from "./webhook-form";

/** What each event type is called in Settings → Webhooks. */
const LABELS: Record<EventType, string> = {
  "member.added": "Member added",
  "member.role_changed": "Role changed",
  "member.removed": "Member removed",
  "member.left": "Member left",
  "invitation.created": "Invitation created",
  "invitation.resent": "Invitation resent",
  "invitation.cancelled": "Invitation cancelled",
  "invitation.accepted": "Invitation accepted",
  "invitation.rejected": "Invitation rejected",
  "organization.updated": "Organization renamed",
  "organization.deleted": "Organization deleted",
  "api_key.created": "API key created",
  "api_key.revoked": "API key revoked",
};

export function eventTypeOptions(types: readonly EventType[]): EventTypeOption[] {
  return types.map((type) => ({ type, label: LABELS[type] }));
}
