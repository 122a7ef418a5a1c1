import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.ts";
import { readJson } from "./read-body.ts";

/**
 * Reads a JSON body our way (size limit, our parse error, storable text) before the contract's
 * validator sees it, and hands that validator the value parsed here: it reads bodies through
 * `c.req.json()`, which would otherwise parse the text again (and the text was already read).
 * The validator only reads bodies sent as `application/json`; clients have always been able to
 * post JSON as text/plain (curl -d, fetch with a string), so the request is re-made with that
 * content type. `optional`: a missing or unreadable body counts as `{}` (routes whose fields
 * all default).
 */
export function jsonBody(limitBytes = 256 * 1024, options: { optional?: boolean } = {}) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const body = options.optional
      ? await readJson(c.req.raw, limitBytes).catch(() => ({}))
      : await readJson(c.req.raw, limitBytes);
    c.req.json = <T>() => Promise.resolve(body as T);
    const headers = new Headers(c.req.raw.headers);
    headers.set("content-type", "application/json");
    headers.delete("content-length");
    c.req.raw = new Request(c.req.url, { method: c.req.method, headers });
    await next();
  });
}
