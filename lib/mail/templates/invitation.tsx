import { ActionButton, EmailLayout, Paragraph } from "./layout";

type InvitationEmailProps = { organizationName: string; inviterName: string; role: string; expires: string; link: string };

/** An invitation to join an organization: who invites, where, as what, until when, and the link. */
export function InvitationEmail({ organizationName, inviterName, role, expires, link }: InvitationEmailProps) {
  return (
    <EmailLayout
      preview={`${inviterName} invited you to join ${organizationName}`}
      heading={`Join ${organizationName} on Teamhub`}
      reason={`You received this email because ${inviterName} invited this address to ${organizationName}.`}
    >
      <Paragraph>Hi,</Paragraph>
      <Paragraph>
        {inviterName} invited you to join {organizationName} as {role}. The invitation works for this email address only and expires on {expires}.
      </Paragraph>
      <ActionButton href={link}>Open the invitation</ActionButton>
      <Paragraph>
        On the page it opens you can accept or reject the invitation, and create an account if you don&apos;t have one. If you weren&apos;t
        expecting it, ignore this email: nothing happens unless you accept.
      </Paragraph>
    </EmailLayout>
  );
}
