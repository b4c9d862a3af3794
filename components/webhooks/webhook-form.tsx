"use client";

import { useActionState, useState } from "react";
import { CheckboxField } from "@/components/ui/checkbox-field";
import { useSuccessToast } from "@/components/ui/feedback";
import { Field, fieldProps, formError, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { initialActionState, type FormAction } from "@/lib/forms/action-state";
import { SecretField } from "./secret-field";

export type EventTypeOption = { type: string; label: string };

export type WebhookFormValues = { id: string; url: string; description: string; eventTypes: string[] | null; enabled: boolean };

/**
 * Add an endpoint (no `endpoint`: its signing secret is shown once, here,
 * after creation) or edit one: URL, description, the events it receives
 * (all, or those chosen), and for an existing one whether it is enabled.
 */
export function WebhookForm({ action, eventTypes, endpoint }: { action: FormAction; eventTypes: EventTypeOption[]; endpoint?: WebhookFormValues }) {
  const [state, submit] = useActionState(action, initialActionState);
  const [allEvents, setAllEvents] = useState(!endpoint || endpoint.eventTypes === null);
  const [chosen, setChosen] = useState(() => new Set(endpoint?.eventTypes ?? []));
  const errors = state.fieldErrors ?? {};
  const secret = state.data?.secret;
  const prefix = endpoint ? "edit-webhook" : "webhook";
  const kept = (name: string, saved?: string) => (secret ? "" : (state.values?.[name] ?? saved));
  useSuccessToast(state);
  return (
    <div className="space-y-4">
      <form action={submit} className="space-y-4" noValidate>
        {endpoint ? <input type="hidden" name="id" value={endpoint.id} /> : null}
        <Field label="Endpoint URL" name={`${prefix}-url`} errors={errors.url} hint="Where Teamhub POSTs events, e.g. https://example.com/webhooks/teamhub.">
          <input
            {...fieldProps(`${prefix}-url`, errors.url, "hint")}
            name="url"
            type="url"
            inputMode="url"
            required
            placeholder="https://"
            defaultValue={kept("url", endpoint?.url)}
          />
        </Field>
        <Field label="Description" name={`${prefix}-description`} errors={errors.description} hint="Optional: what receives them.">
          <input {...fieldProps(`${prefix}-description`, errors.description, "hint")} name="description" maxLength={500} defaultValue={kept("description", endpoint?.description)} />
        </Field>
        <fieldset className="space-y-2" aria-describedby={errors.eventTypes?.length ? `${prefix}-events-error` : undefined}>
          <legend className="text-sm font-medium text-slate-800">Events</legend>
          <input type="hidden" name="eventTypes" value={allEvents ? "*" : [...chosen].join(",")} />
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name={`${prefix}-events-choice`} checked={allEvents} onChange={() => setAllEvents(true)} />
            All events, including kinds added later
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name={`${prefix}-events-choice`} checked={!allEvents} onChange={() => setAllEvents(false)} />
            Only the events I choose
          </label>
          {allEvents ? null : (
            <ul className="grid gap-1 pl-6 sm:grid-cols-2" aria-label="Events to send">
              {eventTypes.map(({ type, label }) => (
                <li key={type}>
                  <label className="flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      checked={chosen.has(type)}
                      onChange={(event) => {
                        const next = new Set(chosen);
                        if (event.target.checked) next.add(type);
                        else next.delete(type);
                        setChosen(next);
                      }}
                    />
                    {label} <code className="text-xs text-slate-500">{type}</code>
                  </label>
                </li>
              ))}
            </ul>
          )}
          {errors.eventTypes?.length ? (
            <p id={`${prefix}-events-error`} className="text-sm text-red-700" role="alert">
              {errors.eventTypes.join(" ")}
            </p>
          ) : null}
        </fieldset>
        {endpoint ? (
          <CheckboxField
            id={`${prefix}-enabled`}
            name="enabled"
            label="Enabled: send events to this endpoint"
            hint="A disabled endpoint receives nothing; its events stay in the events feed."
            defaultChecked={endpoint.enabled}
          />
        ) : null}
        <SubmitButton pendingLabel={endpoint ? "Saving…" : "Adding…"}>{endpoint ? "Save changes" : "Add endpoint"}</SubmitButton>
      </form>
      <FormMessage error={formError(state, ["url", "description", "eventTypes"])} />
      {secret ? <SecretField secret={secret} /> : null}
    </div>
  );
}
