// The genuine next-auth/jwt, loaded by Node (jest can't load this ESM-only package itself), with its
// decode watched so the tests can see when a cookie is really opened.
jest.mock("next-auth/jwt", () => {
  const real = jest.requireActual("../helpers/next-auth-jwt").nextAuthJwt;
  return { ...real, decode: jest.fn(real.decode) };
});

import { decode } from "next-auth/jwt";
import { OPENED_SESSIONS_KEPT, sessionClaims } from "@/lib/auth/session-token";
import { nextAuthJwt } from "../helpers/next-auth-jwt";

const SALT = "authjs.session-token";
const secret = process.env.AUTH_SECRET!;
const otherSecret = "another-secret-another-secret-another-secret";
const userId = "3d89c388-c725-40f0-8685-eff77c38aef4";
const opened = decode as jest.MockedFunction<typeof decode>;

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
      `${SALT}=${await token({ sub: userId }, { key: otherSecret })}`,
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
    expect(await sessionClaims(headers({ cookie: `__Secure-${SALT}=${await token({ sub: userId, sv: 1 }, { salt: `__Secure-${SALT}` })}` }))).toEqual({
      userId,
      sessionVersion: 1,
    });
    expect(await sessionClaims(headers({ cookie: `${SALT}=${value}` }))).toBeNull();
    // Opened as the plain cookie, the same value is still no __Secure- one.
    delete process.env.APP_URL;
    expect(await sessionClaims(headers({ cookie: `${SALT}=${value}` }))).toEqual({ userId, sessionVersion: 1 });
    process.env.APP_URL = "https://teams.example.com";
    expect(await sessionClaims(headers({ cookie: `__Secure-${SALT}=${value}` }))).toBeNull();
    delete process.env.APP_URL;
    const middle = Math.floor(value.length / 2);
    expect(await sessionClaims(headers({ cookie: `${SALT}.1=${value.slice(middle)}; ${SALT}.0=${value.slice(0, middle)}` }))).toEqual({ userId, sessionVersion: 1 });
  });

  it("answers at once to a cookie naming a chunk billions in (it would otherwise build a 4-billion-slot array)", async () => {
    const started = Date.now();
    expect(await sessionClaims(headers({ cookie: `${SALT}.4294967294=x` }))).toBeNull();
    expect(await sessionClaims(headers({ cookie: `${SALT}.4294967294=x; ${SALT}.0=y` }))).toBeNull();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("opens a cookie once and remembers it until its own expiry, or until AUTH_SECRET changes", async () => {
    const request = headers({ cookie: `${SALT}=${await token({ sub: userId, sv: 2 }, { maxAge: 3600 })}` });
    opened.mockClear();
    expect(await sessionClaims(request)).toEqual({ userId, sessionVersion: 2 });
    expect(await sessionClaims(request)).toEqual({ userId, sessionVersion: 2 });
    expect(opened).toHaveBeenCalledTimes(1);
    // Past its expiry it is opened again (Auth.js's 15 s tolerance still admits it here, on the real clock).
    expect(await sessionClaims(request, Date.now() + 3_601_000)).toEqual({ userId, sessionVersion: 2 });
    expect(opened).toHaveBeenCalledTimes(2);
    // Another secret forgets every opened cookie: this one no longer opens.
    process.env.AUTH_SECRET = otherSecret;
    expect(await sessionClaims(request)).toBeNull();
    expect(opened).toHaveBeenCalledTimes(3);
  });

  it(`remembers at most ${OPENED_SESSIONS_KEPT} cookies, forgetting the oldest first`, async () => {
    const values = await Promise.all(Array.from({ length: OPENED_SESSIONS_KEPT + 1 }, (_, i) => token({ sub: userId, sv: i })));
    for (const value of values) await sessionClaims(headers({ cookie: `${SALT}=${value}` }));
    opened.mockClear();
    expect(await sessionClaims(headers({ cookie: `${SALT}=${values.at(-1)}` }))).toEqual({ userId, sessionVersion: OPENED_SESSIONS_KEPT });
    expect(await sessionClaims(headers({ cookie: `${SALT}=${values[1]}` }))).toEqual({ userId, sessionVersion: 1 });
    expect(opened).not.toHaveBeenCalled();
    expect(await sessionClaims(headers({ cookie: `${SALT}=${values[0]}` }))).toEqual({ userId, sessionVersion: 0 });
    expect(opened).toHaveBeenCalledTimes(1);
  }, 60_000);
});
