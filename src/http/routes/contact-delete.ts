import { createRoute, z } from "@hono/zod-openapi";
import { subjectOf } from "../../contacts/person.ts";
import { eraseOnRequest } from "../../erasure/admin.ts";
import { acceptedResponse, idempotencyKeyOf, storeInOutbox } from "../accept.ts";
import { requireAdmin } from "../admin-auth.ts";
import { personOf } from "../person.ts";
import { routeApp } from "../route-app.ts";
import { Accepted, IDEMPOTENCY_KEY } from "../schemas/accepted.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { byQuery, ContactParam } from "../schemas/person.ts";

const Erased = Accepted.extend({
  erasure: z.object({
    id: z.uuid().describe("The record in `GET /v1/erasures`"),
    removed: z.record(z.string(), z.number()).describe("Rows removed per table, all workspaces"),
    suppression_id: z
      .uuid()
      .nullable()
      .describe(
        "Refuses later writes about the person until lifted (`DELETE /v1/suppressions/{id}`); null when a repeat finds it lifted",
      ),
  }),
}).openapi("Erased");

const route = createRoute({
  method: "delete",
  path: "/v1/contacts/{contact}",
  tags: ["Contacts"],
  summary: "Erase a person: the Intercom contact and everything we hold on them",
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

/**
 * Erase a user. The Intercom delete is stored in the outbox first (the request's guarantee),
 * then our copies are erased at once; the delivery erases again once Intercom confirmed.
 * A repeat with the same Idempotency-Key erases again (counting zeros) and sends nothing new.
 */
export const contactDelete = routeApp().openapi(route, async (c) => {
  const { contact } = c.req.valid("param");
  const { by } = c.req.valid("query");
  const { services } = c.var;
  const person = await personOf(c, { by, value: contact });
  const accepted = await storeInOutbox(c, [
    {
      kind: "contact.delete",
      subject: subjectOf(person),
      idempotencyKey: idempotencyKeyOf(c, "delete"),
      payload: person,
    },
  ]);
  const [row] = accepted;
  if (!row) throw new Error("the delete was not stored");
  const erased = await eraseOnRequest(
    services.db(),
    {
      workspaceId: services.config.INTERCOM_WORKSPACE_ID,
      ...person,
      outboxRowId: row.id,
      hashKey: services.config.ERASURE_HASH_KEY,
    },
    services.clock.now(),
  );
  return acceptedResponse(c, accepted, {
    erasure: {
      id: erased.erasureId,
      removed: erased.removed,
      suppression_id: erased.suppressionId,
    },
  });
});
