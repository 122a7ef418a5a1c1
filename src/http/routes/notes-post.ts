import { createRoute } from "@hono/zod-openapi";
import { acceptAndRespond } from "../accept.ts";
import { requireAdmin } from "../admin-auth.ts";
import { jsonBody } from "../json-body.ts";
import { personOf } from "../person.ts";
import { noteWrite } from "../person-writes.ts";
import { routeApp } from "../route-app.ts";
import { Accepted, IDEMPOTENCY_KEY } from "../schemas/accepted.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { refOf } from "../schemas/person.ts";
import { NoteForPerson } from "../schemas/writes.ts";

const route = createRoute({
  method: "post",
  path: "/v1/notes",
  tags: ["Contacts"],
  summary: "Add a note to a person's Intercom contact (user_id, email or id in the body)",
  description:
    "`POST /v1/contacts/{contact}/notes` with the person in the body, so no user id or email is in a URL. The same `Idempotency-Key` is the same note through either.",
  middleware: [requireAdmin, jsonBody()] as const,
  security: ADMIN_SECURITY,
  parameters: [IDEMPOTENCY_KEY],
  request: {
    body: { required: true, content: { "application/json": { schema: NoteForPerson } } },
  },
  responses: {
    202: json(Accepted, "Stored in the outbox"),
    ...adminProblems,
    ...problems(404, 409, 413),
  },
});

export const notesPost = routeApp().openapi(route, async (c) => {
  const input = c.req.valid("json");
  const person = await personOf(c, refOf(input));
  return acceptAndRespond(c, [noteWrite(c, person, input)]);
});
