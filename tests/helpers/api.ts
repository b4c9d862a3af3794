import { encode } from "next-auth/jwt";
import { serve, type AnyEndpoint } from "@/lib/api/endpoint";
import { revokeApiKey } from "@/lib/services/api-keys";
import { addMember, createApiKeyActor, createTeam, createUsers } from "./factories";

export const API_BASE = "http://localhost:3000/api/v1";

export type CallOptions = {
  /** Path parameters, substituted into endpoint.path and passed to the handler as Next.js would. */
  params?: Record<string, string>;
  /** Query string; undefined values are left out. */
  query?: Record<string, string | number | undefined>;
  /** Sent as JSON (Content-Type: application/json unless headers say otherwise). */
  body?: unknown;
  /** Sent as is, with no Content-Type unless headers give one. */
  rawBody?: string | Uint8Array;
  headers?: Record<string, string>;
  /** An API key secret, sent as Authorization: Bearer <key>. */
  key?: string;
  /** Sign in as this user with an Auth.js session cookie. */
  sessionUserId?: string;
  /** The session version the cookie carries (as issued at sign-in); none, like a cookie from before versions. */
  sessionVersion?: number;
  /**
   * Sec-Fetch-Site sent with a session on state-changing methods: "same-origin"
   * by default, another value to send that, null to send none.
   */
  fetchSite?: string | null;
  /** Overrides endpoint.method. */
  method?: string;
};

export type ApiResult = {
  response: Response;
  status: number;
  headers: Headers;
  /** Parsed JSON body, or null for an empty one. */
  json: unknown;
  /** The raw body text. */
  text: string;
};

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/** An Auth.js session cookie value for a user, as the app itself would set it. */
export async function sessionToken(userId: string, sessionVersion?: number): Promise<string> {
  const token = sessionVersion === undefined ? { sub: userId } : { sub: userId, sv: sessionVersion };
  return encode({ token, secret: process.env.AUTH_SECRET!, salt: "authjs.session-token" });
}

/** endpoint.path with its {params} filled in. */
export function pathOf(endpoint: AnyEndpoint, params: Record<string, string> = {}): string {
  return endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? `{${name}}`));
}

/** The Request a client would send to an endpoint. */
export async function buildRequest(endpoint: AnyEndpoint, options: CallOptions = {}): Promise<Request> {
  const method = options.method ?? endpoint.method;
  const url = new URL(API_BASE + pathOf(endpoint, options.params));
  for (const [name, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined) url.searchParams.append(name, String(value));
  }
  const headers = new Headers();
  if (options.key !== undefined) headers.set("Authorization", `Bearer ${options.key}`);
  if (options.sessionUserId !== undefined) {
    headers.set("Cookie", `authjs.session-token=${await sessionToken(options.sessionUserId, options.sessionVersion)}`);
    const site = options.fetchSite === undefined ? "same-origin" : options.fetchSite;
    if (!SAFE.has(method) && site !== null) headers.set("Sec-Fetch-Site", site);
  }
  let body: BodyInit | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody as BodyInit;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers.set("Content-Type", "application/json");
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
  return new Request(url, { method, headers, body });
}

/** Calls an endpoint's route handler (lib/api/endpoint.ts serve) as Next.js would, and reads the response. */
export async function callApi(endpoint: AnyEndpoint, options: CallOptions = {}): Promise<ApiResult> {
  const request = await buildRequest(endpoint, options);
  const response = await serve(endpoint)(request, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.clone().text();
  let json: unknown = null;
  if (text !== "") {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { response, status: response.status, headers: response.headers, json, text };
}

/**
 * Acme (Owner, Admin, Member) plus a target member and three keys made by the
 * Owner: an Admin key, a Member key and a revoked one. API tests add the
 * invitations they need.
 */
export async function createApiTeam(organizationName = "Acme") {
  const team = await createTeam(organizationName);
  const [target] = await createUsers(1, () => "Tom Target");
  await addMember(team.organization.id, target!.id, "MEMBER");
  const adminKey = await createApiKeyActor(team.owner, "ADMIN", "Admin key");
  const memberKey = await createApiKeyActor(team.owner, "MEMBER", "Member key");
  const revokedKey = await createApiKeyActor(team.owner, "ADMIN", "Revoked key");
  await revokeApiKey(team.owner, { id: revokedKey.apiKey.id });
  return { team, target: target!, adminKey, memberKey, revokedKey };
}
