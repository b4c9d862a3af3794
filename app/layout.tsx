import type { Metadata } from "next";
import { AppToaster } from "@/components/ui/feedback";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Teamhub", template: "%s · Teamhub" },
  description: "Organizations, roles, invitation links and members.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        {children}
        <AppToaster />
      </body>
    </html>
  );
}
