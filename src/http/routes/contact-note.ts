import { createRoute } from "@hono/zod-openapi";
import { subjectOf } from "../../contacts/person.ts";
import { acceptAndRespond, idempotencyKeyOf } from "../accept.ts";
import { requireAdmin } from "../admin-auth.ts";
import { jsonBody } from "../json-body.ts";
import { personOf } from "../person.ts";
import { routeApp } from "../route-app.ts";
import { Accepted, IDEMPOTENCY_KEY } from "../schemas/accepted.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { byQuery, ContactParam } from "../schemas/person.ts";
import { NoteBody } from "../schemas/writes.ts";

const route = createRoute({
  method: "post",
  path: "/v1/contacts/{contact}/notes",
  tags: ["Contacts"],
  summary: "Add a note to a person's Intercom contact",
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
  const input = c.req.valid("json");
  const person = await personOf(c, { by, value: contact });
  return acceptAndRespond(c, [
    {
      kind: "contact.note",
      subject: subjectOf(person),
      idempotencyKey: idempotencyKeyOf(c, "note"),
      payload: { ...person, body: input.body, adminId: input.admin_id },
    },
  ]);
});
