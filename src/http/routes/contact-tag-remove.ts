import { createRoute } from "@hono/zod-openapi";
import { acceptAndRespond, idempotencyKeyOf } from "../accept.ts";
import { requireAdmin } from "../admin-auth.ts";
import { routeApp } from "../route-app.ts";
import { Accepted, IDEMPOTENCY_KEY } from "../schemas/accepted.ts";
import { ADMIN_SECURITY, adminProblems, json } from "../schemas/common.ts";
import { TagParams } from "../schemas/writes.ts";

const route = createRoute({
  method: "delete",
  path: "/v1/contacts/{user_id}/tags/{name}",
  tags: ["Contacts"],
  summary: "Remove a tag from a user's Intercom contact",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  parameters: [IDEMPOTENCY_KEY],
  request: { params: TagParams },
  responses: { 202: json(Accepted, "Stored in the outbox"), ...adminProblems },
});

export const contactTagRemove = routeApp().openapi(route, async (c) => {
  const { user_id, name } = c.req.valid("param");
  return acceptAndRespond(c, [
    {
      kind: "contact.untag",
      subject: user_id,
      idempotencyKey: idempotencyKeyOf(c, "untag"),
      payload: { userId: user_id, tag: name },
    },
  ]);
});
