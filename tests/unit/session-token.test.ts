// The genuine next-auth/jwt, loaded by Node (jest can't load this ESM-only package itself).
jest.mock("next-auth/jwt", () => jest.requireActual("../helpers/next-auth-jwt").nextAuthJwt);

import { OPENED_SESSIONS_KEPT, sessionClaims } from "@/lib/auth/session-token";
import { nextAuthJwt } from "../helpers/next-auth-jwt";

const SALT = "authjs.session-token";
const secret = process.env.AUTH_SECRET!;
const userId = "3d89c388-c725-40f0-8685-eff77c38aef4";

const token = (claims: Record<string, unknown>, options: { salt?: string; maxAge?: number; key?: string } = {}) =>
  nextAuthJwt.encode({ token: claims, secret: options.key ?? secret, salt: options.salt ?? SALT, maxAge: options.maxAge });

const headers = (values: Record<string, string>) => new Headers({ host: "localhost:3000", ...values });

afterEach(() => {
  process.env.AUTH_SECRET = secret;
  delete process.env.APP_URL;
});

describe("sessionClaims", () => {
  it("reads who signed in and the session version from the Auth.js cookie (version 0 for cookies from before versions)", async () => {
    expect(await sessionClaims(headers({ cookie: `a=b; ${SALT}=${await token({ sub: userId, sv: 3 })}` }))).toEqual({ userId, sessionVersion: 3 });
    expect(await sessionClaims(headers({ cookie: `${SALT}=${await token({ sub: userId })}` }))).toEqual({ userId, sessionVersion: 0 });
  });

  it("refuses forged, foreign, subject-less and expired cookies, and a session sent as a bearer token", async () => {
    const refused = [
      `${SALT}=not-a-jwt`,
      `${SALT}=${await token({ sub: userId }, { key: "another-secret-another-secret-another-secret" })}`,
      `${SALT}=${await token({ sub: userId }, { salt: "another-cookie" })}`,
      `${SALT}=${await token({ name: "no subject" })}`,
      // Past Auth.js's 15 s clock tolerance.
      `${SALT}=${await token({ sub: userId }, { maxAge: -60 })}`,
    ];
    for (const cookie of refused) {
      expect(await sessionClaims(headers({ cookie }))).toBeNull();
      expect(await sessionClaims(headers({ cookie }))).toBeNull();
    }
    expect(await sessionClaims(headers({ authorization: `Bearer ${await token({ sub: userId })}` }))).toBeNull();
    expect(await sessionClaims(headers({}))).toBeNull();
  });

  it("reads the __Secure- cookie on an https origin, and joins a cookie Auth.js split into chunks", async () => {
    process.env.APP_URL = "https://teams.example.com";
    const value = await token({ sub: userId, sv: 1 });
    expect(await sessionClaims(headers({ cookie: `__Secure-${SALT}=${await token({ sub: userId, sv: 1 }, { salt: `__Secure-${SALT}` })}` }))).toEqual({ userId, sessionVersion: 1 });
    expect(await sessionClaims(headers({ cookie: `${SALT}=${value}` }))).toBeNull();
    delete process.env.APP_URL;
    const middle = Math.floor(value.length / 2);
    expect(await sessionClaims(headers({ cookie: `${SALT}.1=${value.slice(middle)}; ${SALT}.0=${value.slice(0, middle)}` }))).toEqual({ userId, sessionVersion: 1 });
  });

  it("remembers an opened cookie until its own expiry, then opens it again", async () => {
    const value = await token({ sub: userId, sv: 2 }, { maxAge: 3600 });
    const request = headers({ cookie: `${SALT}=${value}` });
    expect(await sessionClaims(request)).toEqual({ userId, sessionVersion: 2 });
    // With another secret in place, only a remembered cookie still opens: this one is remembered…
    process.env.AUTH_SECRET = "another-secret-another-secret-another-secret";
    expect(await sessionClaims(request)).toEqual({ userId, sessionVersion: 2 });
    // …until its expiry, after which it is opened again (and now refused).
    expect(await sessionClaims(request, Date.now() + 3_601_000)).toBeNull();
  });

  it(`remembers at most ${OPENED_SESSIONS_KEPT} cookies, forgetting the oldest first`, async () => {
    const values = await Promise.all(Array.from({ length: OPENED_SESSIONS_KEPT + 1 }, (_, i) => token({ sub: userId, sv: i })));
    for (const value of values) await sessionClaims(headers({ cookie: `${SALT}=${value}` }));
    process.env.AUTH_SECRET = "another-secret-another-secret-another-secret";
    expect(await sessionClaims(headers({ cookie: `${SALT}=${values[0]}` }))).toBeNull();
    expect(await sessionClaims(headers({ cookie: `${SALT}=${values[1]}` }))).toEqual({ userId, sessionVersion: 1 });
    expect(await sessionClaims(headers({ cookie: `${SALT}=${values.at(-1)}` }))).toEqual({ userId, sessionVersion: OPENED_SESSIONS_KEPT });
  }, 60_000);
});
