import type { MiddlewareHandler } from "hono";
import { AppError } from "../../shared/errors.ts";
import { unstorable } from "../../shared/storable.ts";

/** Longer than any id, email or cursor we issue or store. */
const MAX_SEGMENT = 512;
const MAX_QUERY_VALUE = 1000;
const MAX_URL = 8192;

function refuse(where: string, why: string): never {
  throw new AppError("invalid_request", `${where} ${why}`, {
    problems: [{ field: where, message: why }],
  });
}

/**
 * Every request's path and query, decoded once (by Hono; routes never decode again), within
 * length caps and free of unstorable characters.
 */
export const inputGuard: MiddlewareHandler = async (c, next) => {
  if (c.req.url.length > MAX_URL) refuse("url", `is longer than ${MAX_URL} characters`);
  for (const segment of c.req.path.split("/")) {
    if (segment.length > MAX_SEGMENT)
      refuse("path", `has a segment over ${MAX_SEGMENT} characters`);
    if (unstorable(segment)) refuse("path", "contains a NUL character or an unpaired surrogate");
  }
  for (const [name, values] of Object.entries(c.req.queries())) {
    for (const value of values) {
      if (unstorable(name) || unstorable(value))
        refuse(`query.${name}`, "contains a NUL character or an unpaired surrogate");
      if (value.length > MAX_QUERY_VALUE)
        refuse(`query.${name}`, `is longer than ${MAX_QUERY_VALUE} characters`);
    }
  }
  await next();
};
