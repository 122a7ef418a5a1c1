import type { Hono } from "hono";
import { MAX_BROWSER_EVENTS, normalizeEvents } from "../../events/validate.ts";
import { eventWrite } from "../../events/writes.ts";
import { AppError } from "../../shared/errors.ts";
import { verifyBrowserIdentity } from "../../track/identity.ts";
import { enforceTrackLimit } from "../../track/limits.ts";
import { acceptAndRespond } from "../accept.ts";
import type { AppEnv } from "../app-env.ts";
import { readBodyWithLimit } from "../read-body.ts";
import { trackCors } from "../track-cors.ts";

export const TRACK_BODY_LIMIT = 32 * 1024;

const bearerOf = (header: string | undefined) =>
  header?.startsWith("Bearer ") ? header.slice("Bearer ".length).trim() || null : null;

/**
 * Events from the product's frontend. The caller proves who it is with the Messenger token
 * (or the legacy user_hash); events are recorded only for that user, whatever the body claims.
 */
export function registerTrack(app: Hono<AppEnv>) {
  app.use("/v1/track", trackCors());
  app.post("/v1/track", async (c) => {
    const { config, clock } = c.var.services;
    const client = c.req.header("cf-connecting-ip") ?? "local";
    await enforceTrackLimit(config.TRACK_CLIENT_LIMITER, `ip:${client}`, "client address");
    const raw = await readBodyWithLimit(c.req.raw, TRACK_BODY_LIMIT);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(new TextDecoder().decode(raw)) as Record<string, unknown>;
    } catch {
      throw new AppError("invalid_request", "body is not valid JSON");
    }
    if (!body || typeof body !== "object" || Array.isArray(body)) {
      throw new AppError("invalid_request", "body must be a JSON object");
    }
    const { user_hash, user_id, ...rest } = body;
    const proven = await verifyBrowserIdentity(
      {
        bearer: bearerOf(c.req.header("authorization")),
        userId: typeof user_id === "string" ? user_id : undefined,
        userHash: typeof user_hash === "string" ? user_hash : undefined,
      },
      { messengerSecret: config.INTERCOM_MESSENGER_SECRET, clock },
    );
    const claimed = [user_id, ...eventsOf(rest).map((e) => e.user_id)].filter(
      (v) => v !== undefined,
    );
    if (claimed.some((v) => v !== proven.userId)) {
      throw new AppError("forbidden", "events may only be sent for the user the token proves");
    }
    await enforceTrackLimit(config.TRACK_USER_LIMITER, `user:${proven.userId}`, "user");
    const events = normalizeEvents(stripUser(rest), {
      now: clock.now(),
      max: MAX_BROWSER_EVENTS,
      userId: proven.userId,
    });
    return acceptAndRespond(c, events.map(eventWrite));
  });
}

function eventsOf(body: Record<string, unknown>): Array<Record<string, unknown>> {
  const list = Array.isArray(body.events) ? body.events : [body];
  return list.filter((e): e is Record<string, unknown> => typeof e === "object" && e !== null);
}

/** The browser cannot address other contacts by email or Intercom id either. */
function stripUser(body: Record<string, unknown>): unknown {
  const clean = (e: Record<string, unknown>) => {
    if ("email" in e || "id" in e) {
      throw new AppError("forbidden", "browser events cannot name an email or Intercom id");
    }
    const { user_id: _, ...rest } = e;
    return rest;
  };
  return Array.isArray(body.events) ? { events: eventsOf(body).map(clean) } : clean(body);
}
