import { createRoute } from "@hono/zod-openapi";
import { acceptAndRespond, idempotencyKeyOf } from "../accept.ts";
import { requireAdmin } from "../admin-auth.ts";
import { jsonBody } from "../json-body.ts";
import { routeApp } from "../route-app.ts";
import { Accepted, IDEMPOTENCY_KEY } from "../schemas/accepted.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { TagBody, UserIdParam } from "../schemas/writes.ts";

const route = createRoute({
  method: "post",
  path: "/v1/contacts/{user_id}/tags",
  tags: ["Contacts"],
  summary: "Tag a user's Intercom contact (the tag is created if needed)",
  middleware: [requireAdmin, jsonBody()] as const,
  security: ADMIN_SECURITY,
  parameters: [IDEMPOTENCY_KEY],
  request: {
    params: UserIdParam,
    body: { required: true, content: { "application/json": { schema: TagBody } } },
  },
  responses: { 202: json(Accepted, "Stored in the outbox"), ...adminProblems, ...problems(413) },
});

export const contactTagAdd = routeApp().openapi(route, async (c) => {
  const { user_id } = c.req.valid("param");
  const { name } = c.req.valid("json");
  return acceptAndRespond(c, [
    {
      kind: "contact.tag",
      subject: user_id,
      idempotencyKey: idempotencyKeyOf(c, "tag"),
      payload: { userId: user_id, tag: name },
    },
  ]);
});
