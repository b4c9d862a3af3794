import { readiness } from "@/lib/api/health";

// Asks the database on every request, never prerendered or cached.
export const dynamic = "force-dynamic";
export const GET = readiness;
