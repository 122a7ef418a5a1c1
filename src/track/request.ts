import { AppError } from "../shared/errors.ts";
import { assertStorable } from "../shared/storable.ts";

export function parseTrackBody(raw: Uint8Array): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    throw new AppError("invalid_request", "body is not valid JSON");
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw new AppError("invalid_request", "body must be a JSON object");
  }
  assertStorable(body);
  return body as Record<string, unknown>;
}

export const bearerOf = (header: string | undefined) =>
  header?.startsWith("Bearer ") ? header.slice("Bearer ".length).trim() || null : null;

export function eventsOf(body: Record<string, unknown>): Array<Record<string, unknown>> {
  const list = Array.isArray(body.events) ? body.events : [body];
  return list.filter((e): e is Record<string, unknown> => typeof e === "object" && e !== null);
}

/** The browser cannot address other contacts by email or Intercom id either. */
export function stripUser(body: Record<string, unknown>): unknown {
  const clean = (e: Record<string, unknown>) => {
    if ("email" in e || "id" in e) {
      throw new AppError("forbidden", "browser events cannot name an email or Intercom id");
    }
    const { user_id: _, ...rest } = e;
    return rest;
  };
  return Array.isArray(body.events) ? { events: eventsOf(body).map(clean) } : clean(body);
}

/**
 * The idempotency keys of a browser's events live in a space of the proven user's own, apart
 * from the backend's `event:` keys: otherwise a signed-in user could send a key first and make
 * the backend's later event with it a "duplicate" that never reaches Intercom, and learn from
 * the answer which keys exist. The user id is URI-encoded so that no user's keys can begin
 * with another's (`a` + `b:key:x` against `a:key:b` + `x`).
 */
export const browserKeyScope = (userId: string) => `track:${encodeURIComponent(userId)}`;
