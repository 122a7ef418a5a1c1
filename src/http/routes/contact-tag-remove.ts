import { createRoute } from "@hono/zod-openapi";
import { acceptAndRespond } from "../accept.ts";
import { requireAdmin } from "../admin-auth.ts";
import { personOf } from "../person.ts";
import { untagWrite } from "../person-writes.ts";
import { routeApp } from "../route-app.ts";
import { Accepted, IDEMPOTENCY_KEY } from "../schemas/accepted.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { byQuery, IN_URL } from "../schemas/person.ts";
import { TagParams } from "../schemas/writes.ts";

const route = createRoute({
  method: "delete",
  path: "/v1/contacts/{contact}/tags/{name}",
  tags: ["Contacts"],
  summary: "Remove a tag from a user's Intercom contact",
  description: `${IN_URL} \`POST /v1/tags/remove\`, which takes the person in its body.`,
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  parameters: [IDEMPOTENCY_KEY],
  request: { params: TagParams, query: byQuery("user_id") },
  responses: {
    202: json(Accepted, "Stored in the outbox"),
    ...adminProblems,
    ...problems(404, 409),
  },
});

export const contactTagRemove = routeApp().openapi(route, async (c) => {
  const { contact, name } = c.req.valid("param");
  const { by } = c.req.valid("query");
  const person = await personOf(c, { by, value: contact });
  return acceptAndRespond(c, [untagWrite(c, person, name)]);
});
