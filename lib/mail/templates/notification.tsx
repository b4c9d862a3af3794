import { ActionButton, EmailLayout, Paragraph } from "./layout";

/** The bell's notification, by email. */
export function NotificationEmail({ name, message, link, settingsLink }: { name: string; message: string; link: string | null; settingsLink: string | null }) {
  return (
    <EmailLayout preview={message} heading="Teamhub notification">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>{message}</Paragraph>
      {link ? <ActionButton href={link}>Open Teamhub</ActionButton> : null}
      <Paragraph>
        {settingsLink
          ? `To stop these emails, turn off email notifications in your account settings: ${settingsLink}`
          : "To stop these emails, turn off email notifications in your account settings."}
      </Paragraph>
    </EmailLayout>
  );
}
