/**
 * Return paths (callbackUrl, next) an attacker would try, shared by the unit
 * test of safeReturnPath and the browser test that sends them to the real
 * pages. Each must end on this site: falling back home, or a path here.
 */

/** Paths that normalise to a protocol-relative "//evil.example…" (the open redirect of issue 8). */
export const DOT_SEGMENT_REDIRECTS = [
  "/.//evil.example/login",
  "/..//evil.example/login",
  "/%2e%2e//evil.example/login",
  "/%2e//evil.example/login",
  "/%2E%2E//evil.example/login",
  "/.%2e//evil.example/login",
  "/a/..//evil.example/login",
  "/a/b/../..//evil.example/login",
  "/././/evil.example",
  "/.././/evil.example",
];

/** Everything else that is or can turn into another site. */
export const OFF_SITE = [
  "//evil.example",
  "///evil.example",
  "////evil.example/login",
  "/\\evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/\\/evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "java\tscript:alert(1)",
  "javascript:alert(1)",
  "JavaScript:alert(document.cookie)",
  " javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "https://evil.example/",
  "http://evil.example",
  "http:evil.example",
  "https:/evil.example",
  "HTTPS://EVIL.EXAMPLE",
  "//evil.example@good.example",
  "evil.example",
  "%2f%2fevil.example",
  "",
  "/\u0000/evil.example",
  "/\u007f/evil.example",
];

/** Odd but on-site: escapes the URL parser keeps as they are, so browsers read them as paths here. */
export const ENCODED_ON_SITE = [
  "/%2f%2fevil.example",
  "/%2F/evil.example",
  "/%5cevil.example",
  "/%5c%5cevil.example",
  "/%09/evil.example",
  "/%0d%0aSet-Cookie:%20x=1",
  "/\uff0f\uff0fevil.example",
  "/@evil.example",
  "/ /evil.example",
  "/members?next=//evil.example",
];

export const RETURN_PATH_CORPUS = [...DOT_SEGMENT_REDIRECTS, ...OFF_SITE, ...ENCODED_ON_SITE];
