import { createRoute } from "@hono/zod-openapi";
import { acceptAndRespond } from "../accept.ts";
import { requireAdmin } from "../admin-auth.ts";
import { jsonBody } from "../json-body.ts";
import { personOf } from "../person.ts";
import { noteWrite } from "../person-writes.ts";
import { routeApp } from "../route-app.ts";
import { Accepted, IDEMPOTENCY_KEY } from "../schemas/accepted.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { byQuery, ContactParam, IN_URL } from "../schemas/person.ts";
import { NoteBody } from "../schemas/writes.ts";

const route = createRoute({
  method: "post",
  path: "/v1/contacts/{contact}/notes",
  tags: ["Contacts"],
  summary: "Add a note to a person's Intercom contact",
  description: `${IN_URL} \`POST /v1/notes\`, which takes the person in its body.`,
  middleware: [requireAdmin, jsonBody()] as const,
  security: ADMIN_SECURITY,
  parameters: [IDEMPOTENCY_KEY],
  request: {
    params: ContactParam,
    query: byQuery("user_id"),
    body: { required: true, content: { "application/json": { schema: NoteBody } } },
  },
  responses: {
    202: json(Accepted, "Stored in the outbox"),
    ...adminProblems,
    ...problems(404, 409, 413),
  },
});

export const contactNote = routeApp().openapi(route, async (c) => {
  const { contact } = c.req.valid("param");
  const { by } = c.req.valid("query");
  const person = await personOf(c, { by, value: contact });
  return acceptAndRespond(c, [noteWrite(c, person, c.req.valid("json"))]);
});
