import { ActionButton, EmailLayout, Paragraph } from "./layout";

export function PasswordResetEmail({ name, link }: { name: string; link: string }) {
  return (
    <EmailLayout preview="Reset your Teamhub password" heading="Reset your password">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>Someone asked to reset the password of your Teamhub account. The link works once, for one hour.</Paragraph>
      <ActionButton href={link}>Choose a new password</ActionButton>
      <Paragraph>If it wasn&apos;t you, ignore this email: your password stays as it is.</Paragraph>
    </EmailLayout>
  );
}

export function PasswordChangedEmail({ name, resetLink }: { name: string; resetLink: string }) {
  return (
    <EmailLayout preview="Your Teamhub password was changed" heading="Your password was changed">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>The password of your Teamhub account was just changed, and every device signed in to it was signed out.</Paragraph>
      <Paragraph>If you didn&apos;t do this, reset your password now.</Paragraph>
      <ActionButton href={resetLink}>Reset your password</ActionButton>
    </EmailLayout>
  );
}

export function VerifyEmailEmail({ name, link, signUp }: { name: string; link: string; signUp: boolean }) {
  return (
    <EmailLayout preview="Confirm your email address for Teamhub" heading={signUp ? "Finish creating your account" : "Verify your email"}>
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>
        {signUp
          ? "Confirm that this address is yours to finish creating your Teamhub account. The link works once, for 24 hours."
          : "Confirm that this address is yours. The link works once, for 24 hours."}
      </Paragraph>
      <ActionButton href={link}>{signUp ? "Confirm and create account" : "Verify email"}</ActionButton>
      <Paragraph>If it wasn&apos;t you, ignore this email.</Paragraph>
    </EmailLayout>
  );
}

export function SignUpAttemptEmail({ name, signInLink, resetLink }: { name: string; signInLink: string; resetLink: string }) {
  return (
    <EmailLayout preview="Someone tried to sign up with your address" heading="You already have an account">
      <Paragraph>Hi {name},</Paragraph>
      <Paragraph>Someone tried to create a Teamhub account with your email address, which already has one. Nothing was changed.</Paragraph>
      <Paragraph>If it was you, sign in, or reset your password if you forgot it.</Paragraph>
      <ActionButton href={signInLink}>Sign in</ActionButton>
      <Paragraph>Forgot your password? Reset it here: {resetLink}</Paragraph>
    </EmailLayout>
  );
}
