import type { Metadata } from "next";
import Link from "next/link";
import { openApiDocument } from "@/lib/api/openapi";
import { PROBLEM_CODES } from "@/lib/api/problem";
import { ERROR_STATUS } from "@/lib/errors";

export const metadata: Metadata = { title: "API documentation" };

type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  parameters: { name: string; in: string; required: boolean; description?: string; schema: unknown }[];
  requestBody?: { content: { "application/json": { schema: unknown } } };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
};

const METHOD_STYLES: Record<string, string> = {
  get: "bg-sky-100 text-sky-900",
  post: "bg-green-100 text-green-900",
  patch: "bg-amber-100 text-amber-900",
  delete: "bg-red-100 text-red-900",
};

function Json({ value }: { value: unknown }) {
  return <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">{JSON.stringify(value, null, 2)}</pre>;
}

/** /api-docs: the OpenAPI document of /api/v1, rendered for people. */
export default function ApiDocsPage() {
  const document = openApiDocument();
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation: operation as Operation })),
  );
  return (
    <main className="mx-auto max-w-4xl space-y-8 px-4 py-10">
      <header className="space-y-3">
        <h1 className="text-3xl font-semibold tracking-tight">{document.info.title}</h1>
        <p className="text-slate-700">{document.info.description}</p>
        <p className="text-sm">
          Machine-readable:{" "}
          <a className="font-medium text-brand-700 underline" href="/api/v1/openapi.json">
            /api/v1/openapi.json
          </a>{" "}
          (OpenAPI 3.1). Base URL: <code>/api/v1</code>. <Link className="font-medium text-brand-700 underline" href="/settings#api-keys">Create an API key</Link>.
        </p>
      </header>
      <nav aria-label="Operations">
        <ul className="space-y-1 text-sm">
          {operations.map(({ path, method, operation }) => (
            <li key={operation.operationId}>
              <a className="text-brand-700 underline" href={`#${operation.operationId}`}>
                <span className="font-mono uppercase">{method}</span> {path}
              </a>{" "}
              — {operation.summary}
            </li>
          ))}
        </ul>
      </nav>
      {operations.map(({ path, method, operation }) => (
        <section key={operation.operationId} id={operation.operationId} aria-labelledby={`${operation.operationId}-heading`} className="space-y-3 border-t border-slate-200 pt-6">
          <h2 id={`${operation.operationId}-heading`} className="flex flex-wrap items-center gap-2 text-lg font-semibold">
            <span className={`rounded px-2 py-0.5 font-mono text-sm uppercase ${METHOD_STYLES[method] ?? ""}`}>{method}</span>
            <code className="break-all">/api/v1{path}</code>
          </h2>
          <p className="font-medium">{operation.summary}</p>
          {operation.description ? <p className="text-sm text-slate-700">{operation.description}</p> : null}
          {operation.parameters.length ? (
            <div>
              <h3 className="text-sm font-semibold">Parameters</h3>
              <ul className="list-disc pl-5 text-sm">
                {operation.parameters.map((parameter) => (
                  <li key={`${parameter.in}-${parameter.name}`}>
                    <code>{parameter.name}</code> ({parameter.in}
                    {parameter.required ? ", required" : ""}){parameter.description ? `: ${parameter.description}` : ""}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {operation.requestBody ? (
            <div className="space-y-1">
              <h3 className="text-sm font-semibold">Request body (application/json)</h3>
              <Json value={operation.requestBody.content["application/json"].schema} />
            </div>
          ) : null}
          <div className="space-y-1">
            <h3 className="text-sm font-semibold">Responses</h3>
            <ul className="list-disc pl-5 text-sm">
              {Object.entries(operation.responses).map(([status, response]) => (
                <li key={status}>
                  <code>{status}</code> {response.description}
                </li>
              ))}
            </ul>
          </div>
        </section>
      ))}
      <section id="webhooks" aria-labelledby="webhooks-heading" className="space-y-3 border-t border-slate-200 pt-6">
        <h2 id="webhooks-heading" className="text-lg font-semibold">
          Webhooks
        </h2>
        <p className="text-sm text-slate-700">
          Teamhub POSTs these events to the endpoints of <code>/webhooks</code> (or Settings → Webhooks), signed as the Standard Webhooks
          specification says: verify <code>webhook-id</code>, <code>webhook-timestamp</code> and <code>webhook-signature</code> with the{" "}
          <code>standardwebhooks</code> library and the endpoint&apos;s secret. The same events, with the same ids, are in{" "}
          <a className="text-brand-700 underline" href="#listEvents">
            the events feed
          </a>
          .
        </p>
        {Object.entries(document.webhooks).map(([type, { post }]) => (
          <details key={type} id={`event-${type}`} className="text-sm">
            <summary className="cursor-pointer">
              <code className="font-medium">{type}</code> — {post.summary}
            </summary>
            <Json value={post.requestBody.content["application/json"].schema} />
          </details>
        ))}
      </section>
      <section id="problems" aria-labelledby="problems-heading" className="space-y-2 border-t border-slate-200 pt-6">
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
        <Json value={document.components.schemas.Problem} />
      </section>
    </main>
  );
}
