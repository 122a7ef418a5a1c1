import type { Hono } from "hono";
import { z } from "zod";
import { acceptAndRespond, idempotencyKeyOf, readJson } from "../accept.ts";
import { requireAdmin } from "../admin-auth.ts";
import type { AppEnv } from "../app-env.ts";
import { validate } from "../validate.ts";

const params = z.object({ user_id: z.string().min(1).max(255) });
const body = z.strictObject({
  body: z.string().min(1).max(65_536),
  admin_id: z.string().min(1).optional(),
});

export function registerContactNote(app: Hono<AppEnv>) {
  app.post("/v1/contacts/:user_id/notes", requireAdmin, async (c) => {
    const { user_id } = validate(params, c.req.param(), "path");
    const input = validate(body, await readJson(c), "body");
    return acceptAndRespond(c, [
      {
        kind: "contact.note",
        subject: user_id,
        idempotencyKey: idempotencyKeyOf(c, "note"),
        payload: { userId: user_id, body: input.body, adminId: input.admin_id },
      },
    ]);
  });
}
