import type { EmailStatus } from "@/lib/services/invitations/view";

/** How Pending Invitations shows where an invitation's email stands, and what to do when it failed. */
const EMAIL_STATUSES: Record<EmailStatus, { label: string; note: string | null; style: string }> = {
  QUEUED: { label: "Email queued", note: null, style: "text-slate-700" },
  SENT: { label: "Email sent", note: null, style: "text-green-800" },
  FAILED: {
    label: "Email failed",
    note: "It couldn't be delivered. Copy the link and share it yourself, or Resend.",
    style: "text-red-800",
  },
};

export function EmailStatusNote({ status }: { status: EmailStatus }) {
  const { label, note, style } = EMAIL_STATUSES[status];
  return (
    <p className={`self-center text-sm ${style}`} data-testid="email-status">
      <span className="font-medium">{label}</span>
      {note ? <span className="text-slate-700"> · {note}</span> : null}
    </p>
  );
}
