import { health } from "@/lib/api/health";

// Answered on every request, never prerendered or cached.
export const dynamic = "force-dynamic";
export const GET = health;
