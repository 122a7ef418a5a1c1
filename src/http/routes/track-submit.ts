import { createRoute } from "@hono/zod-openapi";
import { MAX_BROWSER_EVENTS, normalizeEvents } from "../../events/validate.ts";
import { eventWrite } from "../../events/writes.ts";
import { acceptWrites } from "../../outbox/accept.ts";
import { addressGroup } from "../../shared/address-group.ts";
import { AppError } from "../../shared/errors.ts";
import { spendTrackBudget } from "../../track/budget.ts";
import { verifyBrowserIdentity } from "../../track/identity.ts";
import { enforceTrackLimit } from "../../track/limits.ts";
import {
  bearerOf,
  browserKeyScope,
  eventsOf,
  parseTrackBody,
  stripUser,
} from "../../track/request.ts";
import { readBodyWithLimit } from "../middleware/read-body.ts";
import { trackCors } from "../middleware/track-cors.ts";
import { json, problems } from "../schemas/common.ts";
import { documentedOnly, EventsAccepted, TrackBody } from "../schemas/events.ts";
import { routeApp } from "../support/route-app.ts";

const TRACK_BODY_LIMIT = 32 * 1024;

const route = createRoute({
  method: "post",
  path: "/v1/track",
  tags: ["Events"],
  summary: "Events from the product's frontend, for the signed-in user only",
  description:
    "The caller proves who it is with the Messenger JWT (`Authorization: Bearer <jwt>`) or the legacy `user_id` + `user_hash`. Origins must be in ALLOWED_ORIGINS; at most 32 KB and 50 events.",
  security: [{ messengerJwt: [] }, {}],
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: documentedOnly(TrackBody),
          example: { events: [{ event_name: "viewed-report", metadata: { report: "mrr" } }] },
        },
      },
    },
  },
  responses: {
    202: json(EventsAccepted, "Stored in the outbox"),
    ...problems(400, 401, 403, 409, 413, 422, 429, 500, 503),
  },
});

/**
 * Events from the product's frontend. The caller proves who it is with the Messenger token
 * (or the legacy user_hash); events are recorded only for that user, whatever the body claims,
 * under idempotency keys of that user's own, and within per-user and per-address event budgets.
 */
export const trackSubmit = routeApp();
trackSubmit.use("/v1/track", trackCors());
trackSubmit.openapi(route, async (c) => {
  const { config, clock, db, logger, queues } = c.var.services;
  const client = c.req.header("cf-connecting-ip") ?? "local";
  // A per-call brake before any crypto or database work; the event budgets come later.
  await enforceTrackLimit(config.TRACK_CLIENT_LIMITER, `ip:${client}`, "client address");
  const { user_hash, user_id, ...rest } = parseTrackBody(
    await readBodyWithLimit(c.req.raw, TRACK_BODY_LIMIT),
  );
  const proven = await verifyBrowserIdentity(
    {
      bearer: bearerOf(c.req.header("authorization")),
      userId: typeof user_id === "string" ? user_id : undefined,
      userHash: typeof user_hash === "string" ? user_hash : undefined,
    },
    {
      messengerSecret: config.INTERCOM_MESSENGER_SECRET,
      clock,
      allowUserHash: config.TRACK_ALLOW_USER_HASH,
      token: {
        maxLifetimeSeconds: config.TRACK_JWT_MAX_LIFETIME_SECONDS,
        issuer: config.TRACK_JWT_ISSUER,
        audience: config.TRACK_JWT_AUDIENCE,
      },
    },
  );
  const claimed = [user_id, ...eventsOf(rest).map((e) => e.user_id)].filter((v) => v !== undefined);
  if (claimed.some((v) => v !== proven.userId)) {
    throw new AppError("forbidden", "events may only be sent for the user the token proves");
  }
  const now = clock.now();
  const events = normalizeEvents(stripUser(rest), {
    now,
    max: MAX_BROWSER_EVENTS,
    userId: proven.userId,
    keyScope: browserKeyScope(proven.userId),
  });
  const accepted = await acceptWrites(events.map(eventWrite), {
    db: db(),
    logger,
    queue: queues.outbox,
    workspaceId: config.INTERCOM_WORKSPACE_ID,
    deliveryEnabled: Boolean(config.INTERCOM_ACCESS_TOKEN),
    hashKey: config.ERASURE_HASH_KEY,
    beforeCommit: (tx, stored) =>
      spendTrackBudget(tx, {
        workspaceId: config.INTERCOM_WORKSPACE_ID,
        userId: proven.userId,
        // An IPv6 /64 as one address, as the admin throttle counts them.
        address: addressGroup(client),
        events: new Set(stored.filter((a) => a.created).map((a) => a.id)).size,
        now,
        limits: {
          perUser: config.TRACK_EVENTS_PER_USER_PER_MINUTE,
          perAddress: config.TRACK_EVENTS_PER_ADDRESS_PER_MINUTE,
        },
        hashKey: config.INTERCOM_MESSENGER_SECRET ?? "",
      }),
  });
  // Only the caller's own key goes back: the scoped key is ours, not the browser's business.
  return c.json(
    {
      data: accepted.map((a, i) => ({
        id: a.id,
        idempotency_key: events[i]?.clientKey ?? null,
        status: a.status,
        duplicate: !a.created,
      })),
    },
    202,
  );
});
