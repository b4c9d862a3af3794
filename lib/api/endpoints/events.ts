import { z } from "zod";
import { EVENT_RETENTION_DAYS } from "@/lib/config/fixed-limits";
import { listEvents } from "@/lib/services/events/feed";
import { EVENT_TYPES } from "@/lib/services/events/records";
import { defineEndpoint } from "../endpoint";
import { eventJson, eventPageOut } from "../events";
import { pageQuery } from "../schemas";

const typeList = z
  .string()
  .max(1000)
  .transform((value) => value.split(",").map((type) => type.trim()))
  .pipe(z.array(z.enum(EVENT_TYPES, { error: `Unknown event type. The types are ${EVENT_TYPES.join(", ")}.` })).min(1))
  .describe("Only events of these types, separated by commas (e.g. `member.added,member.removed`).");

export const listEventsEndpoint = defineEndpoint({
  operationId: "listEvents",
  method: "GET",
  path: "/events",
  summary: "The events feed",
  description:
    `Owners and Admins. The organization's events in the order they happened, the oldest first, kept ${EVENT_RETENTION_DAYS} days: the same events, with the same ids, that webhooks deliver. Pass \`nextCursor\` back as \`after\` to read on; no event is ever skipped or repeated, also while new ones are being written. When \`hasMore\` is false you have them all: poll again later with the same \`after\`.`,
  query: z.strictObject({
    after: z.string().max(100).optional().describe("An event id (from this feed, or a webhook-id header): the events after it."),
    types: typeList.optional(),
    limit: pageQuery.limit,
  }),
  success: {
    status: 200,
    schema: eventPageOut,
    description: "A page of events.",
  },
  errors: ["FORBIDDEN", "VALIDATION"],
  async run({ actor, query }) {
    const page = await listEvents(actor, query);
    return { data: page.data.map(eventJson), nextCursor: page.nextCursor, hasMore: page.hasMore };
  },
});
