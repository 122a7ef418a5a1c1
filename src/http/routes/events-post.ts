import type { Hono } from "hono";
import { MAX_SERVER_EVENTS, normalizeEvents } from "../../events/validate.ts";
import { eventWrite } from "../../events/writes.ts";
import { acceptAndRespond, readJson } from "../accept.ts";
import { requireAdmin } from "../admin-auth.ts";
import type { AppEnv } from "../app-env.ts";

/** Data events for any user, from the product's backend: one, or `{ "events": [...] }`. */
export function registerEventsPost(app: Hono<AppEnv>) {
  app.post("/v1/events", requireAdmin, async (c) => {
    const events = normalizeEvents(await readJson(c, 512 * 1024), {
      now: c.var.services.clock.now(),
      max: MAX_SERVER_EVENTS,
    });
    return acceptAndRespond(c, events.map(eventWrite));
  });
}
