import { toPlainText } from "@react-email/components";
import { renderToStaticMarkup } from "react-dom/server";
import type { z } from "zod";
import { headerSafe } from "./transport";
import { mailProps, type MailTemplate } from "./messages";
import { PasswordChangedEmail, PasswordResetEmail, SignUpAttemptEmail, VerifyEmailEmail } from "./templates/account";
import { InvitationEmail } from "./templates/invitation";
import { NotificationEmail } from "./templates/notification";

type Props<T extends MailTemplate> = z.infer<(typeof mailProps)[T]>;
type Rendering = { [T in MailTemplate]: (props: Props<T>) => { subject: string; body: React.ReactElement } };

const renderings: Rendering = {
  "password-reset": (props) => ({ subject: "Reset your Teamhub password", body: <PasswordResetEmail {...props} /> }),
  "password-changed": (props) => ({ subject: "Your Teamhub password was changed", body: <PasswordChangedEmail {...props} /> }),
  "verify-email": (props) => ({
    subject: props.signUp ? "Confirm your email to finish creating your Teamhub account" : "Verify your email for Teamhub",
    body: <VerifyEmailEmail {...props} />,
  }),
  "sign-up-attempt": (props) => ({ subject: "Someone tried to sign up with your address", body: <SignUpAttemptEmail {...props} /> }),
  notification: (props) => ({ subject: `Teamhub: ${props.message}`, body: <NotificationEmail {...props} /> }),
  invitation: (props) => ({
    subject: `${props.inviterName} invited you to join ${props.organizationName} on Teamhub`,
    body: <InvitationEmail {...props} />,
  }),
};

export type RenderedMail = { subject: string; html: string; text: string };

// What React Email's render() produces, done synchronously: its render() loads react-dom/server with a
// dynamic import(), which jest's CommonJS runtime can't run, and our templates never suspend.
const DOCTYPE = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';

/** The subject, HTML and plain-text parts of one message. */
export function renderMail<T extends MailTemplate>(template: T, props: Props<T>): RenderedMail {
  const { subject, body } = renderings[template](mailProps[template].parse(props) as Props<T>);
  const html = DOCTYPE + renderToStaticMarkup(body);
  return { subject: headerSafe(subject).slice(0, 200), html, text: toPlainText(html) };
}
