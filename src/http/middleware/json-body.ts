import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.ts";
import { readJson } from "./read-body.ts";

/**
 * Reads a JSON body our way (size limit, our parse error, storable text) before the contract's
 * validator sees it. The generated validator only reads bodies sent as `application/json`;
 * clients have always been able to post JSON as text/plain (curl -d, fetch with a string), so
 * the request is handed on re-made with the checked body and a JSON content type.
 * `optional`: a missing or unreadable body counts as `{}` (routes whose fields all default).
 */
export function jsonBody(limitBytes = 256 * 1024, options: { optional?: boolean } = {}) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const body = options.optional
      ? await readJson(c.req.raw, limitBytes).catch(() => ({}))
      : await readJson(c.req.raw, limitBytes);
    const headers = new Headers(c.req.raw.headers);
    headers.set("content-type", "application/json");
    headers.delete("content-length");
    c.req.raw = new Request(c.req.url, {
      method: c.req.method,
      headers,
      body: JSON.stringify(body),
    });
    await next();
  });
}
