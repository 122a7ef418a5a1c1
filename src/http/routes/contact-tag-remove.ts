import type { Hono } from "hono";
import { z } from "zod";
import { acceptAndRespond, idempotencyKeyOf } from "../accept.ts";
import { requireAdmin } from "../admin-auth.ts";
import type { AppEnv } from "../app-env.ts";
import { validate } from "../validate.ts";

const params = z.object({
  user_id: z.string().min(1).max(255),
  name: z.string().trim().min(1).max(255),
});

export function registerContactTagRemove(app: Hono<AppEnv>) {
  app.delete("/v1/contacts/:user_id/tags/:name", requireAdmin, async (c) => {
    const { user_id, name } = validate(params, c.req.param(), "path");
    return acceptAndRespond(c, [
      {
        kind: "contact.untag",
        subject: user_id,
        idempotencyKey: idempotencyKeyOf(c, "untag"),
        payload: { userId: user_id, tag: name },
      },
    ]);
  });
}
