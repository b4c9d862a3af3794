import type * as NextAuthJwt from "next-auth/jwt";

/**
 * next-auth is ESM only, which jest's own module loader can't require on
 * Node < 24.9. Node itself can (require(esm), Node >= 20.19), so API tests load
 * the real module with Node's loader and hand it to jest:
 *
 *   jest.mock("next-auth/jwt", () => jest.requireActual("../helpers/next-auth-jwt").nextAuthJwt);
 *
 * It is the genuine next-auth/jwt (the same code the app runs), only loaded
 * outside jest's sandbox. Jest replaces module.createRequire with its own
 * loader but keeps Node's Module._load, which is what is used here.
 */
type NodeModule = { _load(request: string, parent: null, isMain: boolean): unknown };

const nodeModule = require("node:module") as NodeModule;

export const nextAuthJwt = nodeModule._load(require.resolve("next-auth/jwt"), null, false) as typeof NextAuthJwt;
