import { createRoute } from "@hono/zod-openapi";
import { acceptAndRespond, idempotencyKeyOf } from "../accept.ts";
import { requireAdmin } from "../admin-auth.ts";
import { jsonBody } from "../json-body.ts";
import { routeApp } from "../route-app.ts";
import { Accepted, IDEMPOTENCY_KEY } from "../schemas/accepted.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { MessageBody } from "../schemas/writes.ts";

const route = createRoute({
  method: "post",
  path: "/v1/messages",
  tags: ["Contacts"],
  summary: "An admin-initiated message to one user, in-app or by email",
  middleware: [requireAdmin, jsonBody()] as const,
  security: ADMIN_SECURITY,
  parameters: [IDEMPOTENCY_KEY],
  request: {
    body: { required: true, content: { "application/json": { schema: MessageBody } } },
  },
  responses: { 202: json(Accepted, "Stored in the outbox"), ...adminProblems, ...problems(413) },
});

export const messageSend = routeApp().openapi(route, async (c) => {
  const input = c.req.valid("json");
  return acceptAndRespond(c, [
    {
      kind: "message",
      subject: input.user_id,
      idempotencyKey: idempotencyKeyOf(c, "message"),
      payload: {
        userId: input.user_id,
        messageType: input.type === "email" ? "email" : "inapp",
        body: input.body,
        subject: input.subject,
        template: input.template,
        fromAdminId: input.from_admin_id,
      },
    },
  ]);
});
