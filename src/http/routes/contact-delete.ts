import type { Hono } from "hono";
import { z } from "zod";
import { acceptAndRespond, idempotencyKeyOf } from "../accept.ts";
import { requireAdmin } from "../admin-auth.ts";
import type { AppEnv } from "../app-env.ts";
import { validate } from "../validate.ts";

const params = z.object({ user_id: z.string().min(1).max(255) });

/** Erase a user: the Intercom contact is deleted, and our copy becomes a tombstone. */
export function registerContactDelete(app: Hono<AppEnv>) {
  app.delete("/v1/contacts/:user_id", requireAdmin, async (c) => {
    const { user_id } = validate(params, c.req.param(), "path");
    return acceptAndRespond(c, [
      {
        kind: "contact.delete",
        subject: user_id,
        idempotencyKey: idempotencyKeyOf(c, "delete"),
        payload: { userId: user_id },
      },
    ]);
  });
}
