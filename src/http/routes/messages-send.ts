import { createRoute } from "@hono/zod-openapi";
import { subjectOf } from "../../contacts/person.ts";
import { requireAdmin } from "../middleware/admin-auth.ts";
import { jsonBody } from "../middleware/json-body.ts";
import { Accepted, IDEMPOTENCY_KEY } from "../schemas/accepted.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { MessageBody } from "../schemas/messages.ts";
import { refOf } from "../schemas/person.ts";
import { acceptAndRespond, idempotencyKeyOf } from "../support/accept.ts";
import { personOf } from "../support/person.ts";
import { routeApp } from "../support/route-app.ts";

const route = createRoute({
  method: "post",
  path: "/v1/messages",
  tags: ["Contacts"],
  summary: "An admin-initiated message to one person (user_id, email or id), in-app or by email",
  middleware: [requireAdmin, jsonBody()] as const,
  security: ADMIN_SECURITY,
  parameters: [IDEMPOTENCY_KEY],
  request: {
    body: { required: true, content: { "application/json": { schema: MessageBody } } },
  },
  responses: {
    202: json(Accepted, "Stored in the outbox"),
    ...adminProblems,
    ...problems(404, 409, 413),
  },
});

export const messagesSend = routeApp().openapi(route, async (c) => {
  const input = c.req.valid("json");
  const person = await personOf(c, refOf(input));
  return acceptAndRespond(c, [
    {
      kind: "message",
      subject: subjectOf(person),
      idempotencyKey: idempotencyKeyOf(c, "message"),
      payload: {
        ...person,
        messageType: input.type === "email" ? "email" : "inapp",
        body: input.body,
        subject: input.subject,
        template: input.template,
        fromAdminId: input.from_admin_id,
      },
    },
  ]);
});
