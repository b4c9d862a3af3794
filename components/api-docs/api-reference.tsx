"use client";

import type { ApiReferenceReact as ScalarReference } from "@scalar/api-reference-react";
import dynamic from "next/dynamic";
import { useMemo } from "react";
import "@scalar/api-reference-react/style.css";

type Configuration = Parameters<typeof ScalarReference>[0]["configuration"];

// Scalar's light theme has greys and method colours below WCAG AA contrast: darker ones (Tailwind's 600-800), lighter ones on dark code samples.
const CONTRAST_CSS = `
html body.light-mode,
html body .light-mode {
  --scalar-color-2: #475569;
  --scalar-color-3: #4b5563;
  --scalar-color-accent: #1d4ed8;
  --scalar-color-blue: #1d4ed8;
  --scalar-color-green: #166534;
  --scalar-color-red: #b91c1c;
  --scalar-color-orange: #9a3412;
  --scalar-color-yellow: #854d0e;
  --scalar-color-purple: #7e22ce;
}
/* The code samples stay dark: light method colours there. */
html body .dark-mode {
  --scalar-color-accent: #60a5fa;
  --scalar-color-blue: #60a5fa;
  --scalar-color-green: #4ade80;
  --scalar-color-red: #f87171;
  --scalar-color-orange: #fb923c;
  --scalar-color-yellow: #facc15;
  --scalar-color-purple: #c084fc;
}`;

// Scalar (a Vue app behind a React wrapper) runs in the browser only.
const ApiReferenceReact = dynamic(() => import("@scalar/api-reference-react").then((module) => module.ApiReferenceReact), {
  ssr: false,
  loading: () => <p className="px-4 py-8 text-sm text-slate-600">Loading the API reference…</p>,
});

/**
 * The OpenAPI document rendered by Scalar: every operation with its
 * parameters, an example request body and response, and the request as curl
 * (and other clients). Configured to reach nothing but this site: no web
 * fonts, telemetry, agent or proxy of Scalar's, as the CSP requires anyway.
 */
export function ApiReference({ document, serverUrl }: { document: Record<string, unknown>; serverUrl: string }) {
  const configuration = useMemo<Configuration>(
    () => ({
      content: document,
      servers: [{ url: serverUrl, description: "This Teamhub" }],
      authentication: { preferredSecurityScheme: "apiKey" },
      defaultHttpClient: { targetKey: "shell", clientKey: "curl" },
      withDefaultFonts: false,
      telemetry: false,
      agent: { disabled: true },
      mcp: { disabled: true },
      showDeveloperTools: "never",
      hideClientButton: true,
      hideDarkModeToggle: true,
      forceDarkModeState: "light",
      documentDownloadType: "none",
      persistAuth: false,
      metaData: { title: "API documentation · Teamhub" },
      customCss: CONTRAST_CSS,
    }),
    [document, serverUrl],
  );
  return <ApiReferenceReact configuration={configuration} />;
}
