import { ActionButton, EmailLayout, Paragraph } from "./layout";

/** The bell's notification, by email. */
export function NotificationEmail({ name, message, link, settingsLink }: { name: string; message: string; link: string; settingsLink: string }) {
  return (
    <EmailLayout preview={message} heading="Teamhub notification">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>{message}</Paragraph>
      <ActionButton href={link}>Open Teamhub</ActionButton>
      <Paragraph>To stop these emails, turn off email notifications in your account settings: {settingsLink}</Paragraph>
    </EmailLayout>
  );
}
