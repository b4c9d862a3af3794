/**
 * Any address that isn't a page. Kept tiny on purpose: Next.js inlines this tree into the data of
 * every page it serves (its default one cost the /members page about 3 KB, issue 10), and a plain
 * link keeps it free of client code.
 */
export default function NotFound() {
  return (
    <main className="mx-auto max-w-md space-y-3 px-4 py-16 text-center">
      <h1 className="text-lg font-semibold">Page not found</h1>
      <a href="/dashboard" className="text-brand-700 underline">
        Go to your dashboard
      </a>
    </main>
  );
}
