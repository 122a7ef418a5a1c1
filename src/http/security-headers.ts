import type { MiddlewareHandler } from "hono";

/** Two years, subdomains included: the Worker answers on https only in production. */
const HSTS = "max-age=63072000; includeSubDomains";

/** Operator answers: the admin API and the dashboard carry personal data, even in errors. */
const OPERATOR_PATH = /^\/(v1|dashboard)(\/|$)/;

/**
 * Headers every answer of a kind gets, set once here and not per route, so an error, a 404
 * or a route added later has them too.
 *
 * - `/v1/...` and `/dashboard/...`: `Cache-Control: no-store`, so no browser, proxy or CDN
 *   keeps a copy of a customer or a delivery. Only an answer that chose its own caching keeps
 *   it: the dashboard's stylesheet and script, which hold no data.
 * - Every HTML answer: HSTS (browsers ignore it over plain http, as locally), and no framing
 *   (`X-Frame-Options: DENY`, and `frame-ancestors 'none'` when the page set no CSP of its
 *   own), so no other site can overlay the dashboard or the docs to steal clicks.
 */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  const headers = c.res.headers;
  if (OPERATOR_PATH.test(c.req.path) && !headers.has("cache-control"))
    c.header("cache-control", "no-store");
  if (/^text\/html\b/i.test(headers.get("content-type") ?? "")) {
    c.header("strict-transport-security", HSTS);
    c.header("x-frame-options", "DENY");
    if (!headers.has("content-security-policy"))
      c.header("content-security-policy", "frame-ancestors 'none'");
  }
};
