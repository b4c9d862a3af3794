"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { WEBHOOKS } from "@/lib/config/fixed-limits";
import { actorAction } from "@/lib/forms/actor-action";
import { EVENT_TYPES } from "@/lib/services/events/records";
import { redeliverEvent, redeliverInput, sendTestEvent } from "@/lib/services/webhooks/deliveries";
import {
  createWebhookEndpoint,
  createWebhookEndpointInput,
  deleteWebhookEndpoint,
  rotateWebhookSecret,
  updateWebhookEndpoint,
  updateWebhookEndpointInput,
  webhookEndpointIdInput,
} from "@/lib/services/webhooks/endpoints";

/** The form's events field, "*" (all of them) or the types separated by commas, as the list the service takes (one more than there are types at most: too many). */
const eventTypesOf = (value: unknown) =>
  typeof value === "string" ? (value.trim() === "*" ? null : value.split(",", EVENT_TYPES.length + 1).map((type) => type.trim()).filter(Boolean)) : value;

// The form posts the events as one field and Enabled as "true" or "false".
const formFields = {
  eventTypes: z.preprocess(eventTypesOf, updateWebhookEndpointInput.shape.eventTypes),
  enabled: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .optional(),
};

export const createWebhookAction = actorAction(createWebhookEndpointInput.extend(formFields), async (input, actor) => {
  const { secret, endpoint } = await createWebhookEndpoint(actor, input);
  revalidatePath("/settings");
  return { success: `Endpoint ${endpoint.url} added. Copy its signing secret now: it is shown only once.`, data: { secret } };
});

export const updateWebhookAction = actorAction(updateWebhookEndpointInput.extend(formFields), async (input, actor) => {
  const endpoint = await updateWebhookEndpoint(actor, input);
  revalidatePath(`/settings/webhooks/${endpoint.id}`);
  return { success: endpoint.enabled ? "Saved." : "Saved. The endpoint is disabled: it receives nothing until you enable it." };
});

export const rotateWebhookSecretAction = actorAction(webhookEndpointIdInput, async (input, actor) => {
  const { secret, endpoint } = await rotateWebhookSecret(actor, input);
  revalidatePath(`/settings/webhooks/${endpoint.id}`);
  return {
    success: `New secret made. Copy it now: it is shown only once. The previous one keeps signing for ${WEBHOOKS.previousSecretHours} hours.`,
    data: { secret },
  };
});

export const sendTestEventAction = actorAction(webhookEndpointIdInput, async (input, actor) => {
  await sendTestEvent(actor, input);
  revalidatePath(`/settings/webhooks/${input.id}`);
  return { success: "Test event queued. Its answer appears under Attempts in a moment: reload the page to see it." };
});

export const redeliverAction = actorAction(redeliverInput, async (input, actor) => {
  await redeliverEvent(actor, input);
  revalidatePath(`/settings/webhooks/${input.id}`);
  return { success: "Queued again. Reload the page to see the answer." };
});

export const deleteWebhookAction = actorAction(webhookEndpointIdInput, async (input, actor) => {
  await deleteWebhookEndpoint(actor, input);
  revalidatePath("/settings");
  redirect("/settings#webhooks");
});
