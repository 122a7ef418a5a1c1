import type { Hono } from "hono";
import { z } from "zod";
import { eraseOnRequest } from "../../erasure/admin.ts";
import { acceptedResponse, idempotencyKeyOf, storeInOutbox } from "../accept.ts";
import { requireAdmin } from "../admin-auth.ts";
import type { AppEnv } from "../app-env.ts";
import { validate } from "../validate.ts";

const params = z.object({ user_id: z.string().min(1).max(255) });

/**
 * Erase a user. The Intercom delete is stored in the outbox first (the request's guarantee),
 * then our copies are erased at once; the delivery erases again once Intercom confirmed.
 * A repeat with the same Idempotency-Key erases again (counting zeros) and sends nothing new.
 */
export function registerContactDelete(app: Hono<AppEnv>) {
  app.delete("/v1/contacts/:user_id", requireAdmin, async (c) => {
    const { user_id } = validate(params, c.req.param(), "path");
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
      {
        workspaceId: services.config.INTERCOM_WORKSPACE_ID,
        userId: user_id,
        outboxRowId: row.id,
      },
      services.clock.now(),
    );
    return acceptedResponse(c, accepted, {
      erasure: { id: erased.erasureId, removed: erased.removed },
    });
  });
}
