import { createRoute, z } from "@hono/zod-openapi";
import { eraseOnRequest } from "../../erasure/admin.ts";
import { acceptedResponse, idempotencyKeyOf, storeInOutbox } from "../accept.ts";
import { requireAdmin } from "../admin-auth.ts";
import { routeApp } from "../route-app.ts";
import { Accepted, IDEMPOTENCY_KEY } from "../schemas/accepted.ts";
import { ADMIN_SECURITY, adminProblems, json } from "../schemas/common.ts";
import { UserIdParam } from "../schemas/writes.ts";

const Erased = Accepted.extend({
  erasure: z.object({
    id: z.uuid().describe("The record in `GET /v1/erasures`"),
    removed: z.record(z.string(), z.number()).describe("Rows removed per table"),
  }),
}).openapi("Erased");

const route = createRoute({
  method: "delete",
  path: "/v1/contacts/{user_id}",
  tags: ["Contacts"],
  summary: "Erase a user: the Intercom contact and everything we hold on them",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  parameters: [IDEMPOTENCY_KEY],
  request: { params: UserIdParam },
  responses: {
    202: json(Erased, "Erased here; the Intercom delete is in the outbox"),
    ...adminProblems,
  },
});

/**
 * Erase a user. The Intercom delete is stored in the outbox first (the request's guarantee),
 * then our copies are erased at once; the delivery erases again once Intercom confirmed.
 * A repeat with the same Idempotency-Key erases again (counting zeros) and sends nothing new.
 */
export const contactDelete = routeApp().openapi(route, async (c) => {
  const { user_id } = c.req.valid("param");
  const { services } = c.var;
  const accepted = await storeInOutbox(c, [
    {
      kind: "contact.delete",
      subject: user_id,
      idempotencyKey: idempotencyKeyOf(c, "delete"),
      payload: { userId: user_id },
    },
  ]);
  const [row] = accepted;
  if (!row) throw new Error("the delete was not stored");
  const erased = await eraseOnRequest(
    services.db(),
    { workspaceId: services.config.INTERCOM_WORKSPACE_ID, userId: user_id, outboxRowId: row.id },
    services.clock.now(),
  );
  return acceptedResponse(c, accepted, {
    erasure: { id: erased.erasureId, removed: erased.removed },
  });
});
