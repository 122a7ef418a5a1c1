import { createRoute } from "@hono/zod-openapi";
import { acceptAndRespond, idempotencyKeyOf } from "../accept.ts";
import { requireAdmin } from "../admin-auth.ts";
import { jsonBody } from "../json-body.ts";
import { routeApp } from "../route-app.ts";
import { Accepted, IDEMPOTENCY_KEY } from "../schemas/accepted.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { NoteBody, UserIdParam } from "../schemas/writes.ts";

const route = createRoute({
  method: "post",
  path: "/v1/contacts/{user_id}/notes",
  tags: ["Contacts"],
  summary: "Add a note to a user's Intercom contact",
  middleware: [requireAdmin, jsonBody()] as const,
  security: ADMIN_SECURITY,
  parameters: [IDEMPOTENCY_KEY],
  request: {
    params: UserIdParam,
    body: { required: true, content: { "application/json": { schema: NoteBody } } },
  },
  responses: { 202: json(Accepted, "Stored in the outbox"), ...adminProblems, ...problems(413) },
});

export const contactNote = routeApp().openapi(route, async (c) => {
  const { user_id } = c.req.valid("param");
  const input = c.req.valid("json");
  return acceptAndRespond(c, [
    {
      kind: "contact.note",
      subject: user_id,
      idempotencyKey: idempotencyKeyOf(c, "note"),
      payload: { userId: user_id, body: input.body, adminId: input.admin_id },
    },
  ]);
});
