import "server-only";
import { z } from "zod";
import { seal, unseal } from "@/lib/tokens/sealing";
import { emailSchema } from "@/lib/validation";

/**
 * Every kind of email, with the props its template takes. Props are checked
 * when a message is enqueued and again when it is sent; in the job table they
 * are sealed (AES-GCM under a key derived from AUTH_SECRET), so the links they
 * carry (reset and verification tokens) are never readable there.
 */

const name = z.string().min(1).max(200);
const link = z.url({ protocol: /^https?$/ }).max(2000);

export const mailProps = {
  "password-reset": z.object({ name, link }),
  "password-changed": z.object({ name, resetLink: link }),
  "verify-email": z.object({ name, link, signUp: z.boolean() }),
  "sign-up-attempt": z.object({ name, signInLink: link, resetLink: link }),
  notification: z.object({ name, message: z.string().min(1).max(1000), link, settingsLink: link }),
  invitation: z.object({ organizationName: name, inviterName: name, role: name, expires: name, link }),
} as const;

export type MailTemplate = keyof typeof mailProps;
export type MailProps<T extends MailTemplate> = z.input<(typeof mailProps)[T]>;

export const mailTemplateNames = Object.keys(mailProps) as [MailTemplate, ...MailTemplate[]];

/** The payload of a send_email job. */
export const sendEmailPayload = z.object({
  to: emailSchema,
  template: z.enum(mailTemplateNames),
  sealedProps: z.string().min(1),
});
export type SendEmailPayload = z.infer<typeof sendEmailPayload>;

const PURPOSE = "mail-props";

export function sealMail<T extends MailTemplate>(to: string, template: T, props: MailProps<T>): SendEmailPayload {
  const checked = mailProps[template].parse(props);
  return { to, template, sealedProps: seal(PURPOSE, JSON.stringify(checked)) };
}

export function openMail(payload: SendEmailPayload): { template: MailTemplate; props: unknown } {
  const props = mailProps[payload.template].parse(JSON.parse(unseal(PURPOSE, payload.sealedProps)));
  return { template: payload.template, props };
}
