import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { ApiReference } from "@/components/api-docs/api-reference";
import { openApiDocument } from "@/lib/api/openapi";
import { PROBLEM_CODES } from "@/lib/api/problem";
import { ERROR_STATUS } from "@/lib/errors";
import { appOrigin } from "@/lib/http/origin";

export const metadata: Metadata = { title: "API documentation" };

/**
 * /api-docs: the OpenAPI document of /api/v1, rendered by Scalar, with a way
 * back to the app and the error codes the problem `type` links point at
 * (`/api-docs#problem-<code>`).
 */
export default async function ApiDocsPage() {
  // Rendered per request, never prerendered: the page's scripts must carry this request's CSP nonce (proxy.ts).
  await connection();
  const origin = await appOrigin();
  return (
    <>
      <header className="border-b border-slate-200 bg-white">
        <nav aria-label="API documentation" className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2.5 text-sm">
          <Link href="/dashboard" className="font-semibold tracking-tight text-brand-700">
            <span aria-hidden="true">← </span>Back to Teamhub
          </Link>
          <h1 className="font-semibold">API documentation</h1>
          <a className="text-brand-700 underline" href="#problems">
            Errors
          </a>
          <a className="text-brand-700 underline" href="/api/v1/openapi.json">
            openapi.json
          </a>
          <Link className="text-brand-700 underline" href="/settings#api-keys">
            Create an API key
          </Link>
        </nav>
      </header>
      <main>
        <ApiReference document={openApiDocument()} serverUrl={`${origin}/api/v1`} />
        <section id="problems" aria-labelledby="problems-heading" className="mx-auto max-w-5xl space-y-2 border-t border-slate-200 px-4 py-8">
          <h2 id="problems-heading" className="text-lg font-semibold">
            Errors
          </h2>
          <p className="text-sm text-slate-700">
            Every error is <code>application/problem+json</code> (RFC 9457) with <code>type</code>, <code>title</code>, <code>status</code>,{" "}
            <code>detail</code> and a stable <code>code</code>; validation errors add <code>errors</code> per field. An organization or object
            outside your reach answers 404, like one that doesn&apos;t exist.
          </p>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            {PROBLEM_CODES.map((code) => (
              <div key={code} id={`problem-${code.toLowerCase()}`} className="contents">
                <dt>
                  <code>{code}</code>
                </dt>
                <dd>{ERROR_STATUS[code]}</dd>
              </div>
            ))}
          </dl>
        </section>
      </main>
    </>
  );
}
