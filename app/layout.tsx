import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Teamhub", template: "%s · Teamhub" },
  description: "Organizations, roles, invitation links and members.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
