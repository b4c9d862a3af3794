import type { WebhookDisableReason } from "@/lib/generated/prisma/enums";

/** Why Teamhub disabled an endpoint and what to do about it, as Settings → Webhooks says it. */
export const WEBHOOK_DISABLED_BECAUSE: Record<WebhookDisableReason, string> = {
  FAILING: "Its deliveries failed for a day. Fix the receiver, send a test event, then enable it again.",
  CREATOR_REMOVED: "The person responsible for it was removed from the organization. If it should still receive events, enable it again: you become responsible for it.",
  CREATOR_LEFT: "The person responsible for it left the organization. If it should still receive events, enable it again: you become responsible for it.",
  CREATOR_ROLE_CHANGED:
    "The person responsible for it now has a role that may not manage webhooks. If it should still receive events, enable it again: you become responsible for it.",
  CREATOR_NOT_AUTHORIZED:
    "The person responsible for it was no longer an Owner or Admin when Teamhub was upgraded. If it should still receive events, enable it again: you become responsible for it.",
};
