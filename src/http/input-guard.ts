import type { MiddlewareHandler } from "hono";
import { AppError } from "../shared/errors.ts";

/** Longer than any id, email or cursor we issue or store. */
const MAX_SEGMENT = 512;
const MAX_QUERY_VALUE = 1000;
const MAX_URL = 8192;

/**
 * Text Postgres cannot store: NUL (not allowed in text or jsonb) and UTF-16 halves without
 * their pair (JSON escapes of them are refused by jsonb). Input holding either would fail
 * deep in a statement as a 500; it is refused at the edge instead, naming where it was.
 */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function unstorable(text: string): boolean {
  return text.includes("\u0000") || UNPAIRED_SURROGATE.test(text);
}

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

/** The first string (key or value) of a parsed JSON body that cannot be stored, as a path. */
export function unstorableField(value: unknown, path = "body"): string | null {
  if (typeof value === "string") return unstorable(value) ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = unstorableField(item, `${path}.${i}`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (unstorable(key)) return `${path}.(key)`;
      const found = unstorableField(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

export function assertStorable(value: unknown): void {
  const field = unstorableField(value);
  if (field) refuse(field, "contains a NUL character or an unpaired surrogate");
}
