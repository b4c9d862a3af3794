import { authRouteHandlers } from "@/lib/auth";

export const { GET, POST } = authRouteHandlers;
