"use client";

import { Button } from "@/components/ui/button";
import { SERVICE_UNAVAILABLE_DIGEST, SERVICE_UNAVAILABLE_MESSAGE } from "@/lib/errors";

/**
 * What a page shows when rendering it failed. Next.js passes only the error's
 * digest to the browser: a request the database couldn't serve in time carries
 * SERVICE_UNAVAILABLE_DIGEST (lib/errors.ts) and gets "busy, try again";
 * anything else is a bug, logged on the server.
 */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const busy = (error as { digest?: string } | null)?.digest === SERVICE_UNAVAILABLE_DIGEST;
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div role="alert" className="w-full max-w-sm space-y-4 rounded-xl border border-slate-200 bg-white p-6 text-center shadow-sm">
        <h1 className="text-lg font-semibold">{busy ? "The service is busy" : "Something went wrong"}</h1>
        <p className="text-sm text-slate-600">{busy ? SERVICE_UNAVAILABLE_MESSAGE : "Something went wrong on our side. Please try again."}</p>
        <Button type="button" onClick={() => retry()}>
          Try again
        </Button>
      </div>
    </main>
  );
}
