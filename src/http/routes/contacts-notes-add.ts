import { createRoute } from "@hono/zod-openapi";
import { requireAdmin } from "../middleware/admin-auth.ts";
import { jsonBody } from "../middleware/json-body.ts";
import { Accepted, IDEMPOTENCY_KEY } from "../schemas/accepted.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { NoteBody } from "../schemas/notes.ts";
import { byQuery, ContactParam, IN_URL } from "../schemas/person.ts";
import { acceptAndRespond } from "../support/accept.ts";
import { personOf } from "../support/person.ts";
import { noteWrite } from "../support/person-writes.ts";
import { routeApp } from "../support/route-app.ts";

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

export const contactsNotesAdd = routeApp().openapi(route, async (c) => {
  const { contact } = c.req.valid("param");
  const { by } = c.req.valid("query");
  const person = await personOf(c, { by, value: contact });
  return acceptAndRespond(c, [noteWrite(c, person, c.req.valid("json"))]);
});
