import { createRoute } from "@hono/zod-openapi";
import { requireAdmin } from "../admin-auth.ts";
import { erasePerson } from "../person-writes.ts";
import { routeApp } from "../route-app.ts";
import { Erased, IDEMPOTENCY_KEY } from "../schemas/accepted.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { byQuery, ContactParam, IN_URL } from "../schemas/person.ts";

const route = createRoute({
  method: "delete",
  path: "/v1/contacts/{contact}",
  tags: ["Contacts"],
  summary: "Erase a person: the Intercom contact and everything we hold on them",
  description: `${IN_URL} \`POST /v1/erasures\`, which takes the person in its body.`,
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  parameters: [IDEMPOTENCY_KEY],
  request: { params: ContactParam, query: byQuery("user_id") },
  responses: {
    202: json(Erased, "Erased here; the Intercom delete is in the outbox"),
    ...adminProblems,
    ...problems(404, 409),
  },
});

/** Erases the person the path names (src/http/person-writes.ts). */
export const contactDelete = routeApp().openapi(route, async (c) => {
  const { contact } = c.req.valid("param");
  const { by } = c.req.valid("query");
  return erasePerson(c, { by, value: contact });
});
