import { createRoute } from "@hono/zod-openapi";
import { requireAdmin } from "../admin-auth.ts";
import { jsonBody } from "../json-body.ts";
import { erasePerson } from "../person-writes.ts";
import { routeApp } from "../route-app.ts";
import { Erased, IDEMPOTENCY_KEY } from "../schemas/accepted.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { refOf } from "../schemas/person.ts";
import { PersonBody } from "../schemas/writes.ts";

const route = createRoute({
  method: "post",
  path: "/v1/erasures",
  tags: ["Contacts"],
  summary: "Erase a person (user_id, email or id in the body): the Intercom contact and our copies",
  description:
    "`DELETE /v1/contacts/{contact}` with the person in the body, so no user id or email is in a URL. The same `Idempotency-Key` is the same erasure through either.",
  middleware: [requireAdmin, jsonBody(4096)] as const,
  security: ADMIN_SECURITY,
  parameters: [IDEMPOTENCY_KEY],
  request: {
    body: { required: true, content: { "application/json": { schema: PersonBody } } },
  },
  responses: {
    202: json(Erased, "Erased here; the Intercom delete is in the outbox"),
    ...adminProblems,
    ...problems(404, 409, 413),
  },
});

export const erasurePost = routeApp().openapi(route, async (c) => {
  return erasePerson(c, refOf(c.req.valid("json")));
});
