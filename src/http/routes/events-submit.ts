import { createRoute } from "@hono/zod-openapi";
import { addressEvents } from "../../events/people.ts";
import { MAX_SERVER_EVENTS, normalizeEvents } from "../../events/validate.ts";
import { eventWrite } from "../../events/writes.ts";
import { requireAdmin } from "../middleware/admin-auth.ts";
import { readJson } from "../middleware/read-body.ts";
import { Accepted } from "../schemas/accepted.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { documentedOnly, EventsBody } from "../schemas/events.ts";
import { acceptAndRespond } from "../support/accept.ts";
import { personOf } from "../support/person.ts";
import { routeApp } from "../support/route-app.ts";

const route = createRoute({
  method: "post",
  path: "/v1/events",
  tags: ["Events"],
  summary: "Data events for any user (user_id, email or id), one or `{ events: [...] }`",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: documentedOnly(EventsBody),
          example: { user_id: "u_42", event_name: "exported-report", metadata: { rows: 120 } },
        },
      },
    },
  },
  responses: {
    202: json(Accepted, "Stored in the outbox"),
    ...adminProblems,
    ...problems(404, 409, 413, 422),
  },
});

export const eventsSubmit = routeApp().openapi(route, async (c) => {
  const events = normalizeEvents(await readJson(c.req.raw, 512 * 1024), {
    now: c.var.services.clock.now(),
    max: MAX_SERVER_EVENTS,
  });
  const addressed = await addressEvents(events, (ref) => personOf(c, ref));
  return acceptAndRespond(c, addressed.map(eventWrite));
});
