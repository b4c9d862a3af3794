import type { InvitationState } from "@/lib/services/invitations/view";

export const STATE_LABELS: Record<InvitationState, string> = {
  ACTIVE: "Active",
  EXPIRED: "Expired",
  ACCEPTED: "Accepted",
  REJECTED: "Rejected",
  CANCELLED: "Cancelled",
};

const STYLES: Record<InvitationState, string> = {
  ACTIVE: "bg-green-50 text-green-800 ring-green-600/30",
  EXPIRED: "bg-amber-50 text-amber-900 ring-amber-600/30",
  ACCEPTED: "bg-brand-50 text-brand-700 ring-brand-600/30",
  REJECTED: "bg-red-50 text-red-800 ring-red-600/30",
  CANCELLED: "bg-slate-100 text-slate-700 ring-slate-500/30",
};

export function StateBadge({ state }: { state: InvitationState }) {
  return <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[state]}`}>{STATE_LABELS[state]}</span>;
}
