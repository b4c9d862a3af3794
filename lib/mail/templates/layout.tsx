import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Text } from "@react-email/components";

/**
 * The frame of every email. Every value reaches the HTML through React, which
 * escapes it; the plain-text part is made from the same HTML.
 */
export function EmailLayout({
  preview,
  heading,
  reason = "You received this email because of your Teamhub account.",
  children,
}: {
  preview: string;
  heading: string;
  /** Why this address got the email (the footer). */
  reason?: string;
  children: React.ReactNode;
}) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: "#f8fafc", fontFamily: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", margin: 0 }}>
        <Container style={{ backgroundColor: "#ffffff", border: "1px solid #e2e8f0", borderRadius: 12, margin: "32px auto", maxWidth: 520, padding: 28 }}>
          <Text style={{ color: "#4338ca", fontSize: 16, fontWeight: 600, margin: "0 0 16px" }}>Teamhub</Text>
          <Heading as="h1" style={{ color: "#0f172a", fontSize: 20, margin: "0 0 12px" }}>
            {heading}
          </Heading>
          {children}
          <Hr style={{ borderColor: "#e2e8f0", margin: "24px 0 12px" }} />
          <Text style={{ color: "#64748b", fontSize: 12, margin: 0 }}>{reason}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export function Paragraph({ children }: { children: React.ReactNode }) {
  return <Text style={{ color: "#334155", fontSize: 14, lineHeight: "22px", margin: "0 0 12px" }}>{children}</Text>;
}

/** The message's one action, with the address written out too (for clients that hide buttons). */
export function ActionButton({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <>
      <Button href={href} style={{ backgroundColor: "#4338ca", borderRadius: 6, color: "#ffffff", fontSize: 14, fontWeight: 600, padding: "10px 16px" }}>
        {children}
      </Button>
      <Text style={{ color: "#64748b", fontSize: 12, lineHeight: "18px", margin: "16px 0 0", wordBreak: "break-all" }}>
        Or open this address: {href}
      </Text>
    </>
  );
}
