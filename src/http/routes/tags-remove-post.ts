import { createRoute } from "@hono/zod-openapi";
import { acceptAndRespond } from "../accept.ts";
import { requireAdmin } from "../admin-auth.ts";
import { jsonBody } from "../json-body.ts";
import { personOf } from "../person.ts";
import { untagWrite } from "../person-writes.ts";
import { routeApp } from "../route-app.ts";
import { Accepted, IDEMPOTENCY_KEY } from "../schemas/accepted.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { refOf } from "../schemas/person.ts";
import { TagForPerson } from "../schemas/writes.ts";

const route = createRoute({
  method: "post",
  path: "/v1/tags/remove",
  tags: ["Contacts"],
  summary: "Remove a tag from a person's Intercom contact (user_id, email or id in the body)",
  description:
    "`DELETE /v1/contacts/{contact}/tags/{name}` with the person in the body, so no user id or email is in a URL.",
  middleware: [requireAdmin, jsonBody()] as const,
  security: ADMIN_SECURITY,
  parameters: [IDEMPOTENCY_KEY],
  request: {
    body: { required: true, content: { "application/json": { schema: TagForPerson } } },
  },
  responses: {
    202: json(Accepted, "Stored in the outbox"),
    ...adminProblems,
    ...problems(404, 409, 413),
  },
});

export const tagsRemovePost = routeApp().openapi(route, async (c) => {
  const input = c.req.valid("json");
  const person = await personOf(c, refOf(input));
  return acceptAndRespond(c, [untagWrite(c, person, input.name)]);
});
