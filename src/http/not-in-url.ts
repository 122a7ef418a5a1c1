import type { Context } from "hono";
import { AppError } from "../shared/errors.ts";

/**
 * Refuses query parameters that used to name a person here and now travel in a body: ignored,
 * they would silently widen the answer (every customer instead of the one asked for). The
 * value is never echoed; the URL already reached the logs, and the client learns to stop.
 */
export function refuseInUrl(c: Context, names: readonly string[], instead: string) {
  const given = names.filter((name) => c.req.query(name) !== undefined);
  if (given.length === 0) return;
  throw new AppError("invalid_request", `no email or user id in URLs: use ${instead}`, {
    problems: given.map((name) => ({
      field: `query.${name}`,
      message: `is not taken in the URL (it reaches platform logs): use ${instead}`,
    })),
  });
}
