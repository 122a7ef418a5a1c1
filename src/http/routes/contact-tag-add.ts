import type { Hono } from "hono";
import { z } from "zod";
import { acceptAndRespond, idempotencyKeyOf, readJson } from "../accept.ts";
import { requireAdmin } from "../admin-auth.ts";
import type { AppEnv } from "../app-env.ts";
import { validate } from "../validate.ts";

const params = z.object({ user_id: z.string().min(1).max(255) });
const body = z.strictObject({ name: z.string().trim().min(1).max(255) });

export function registerContactTagAdd(app: Hono<AppEnv>) {
  app.post("/v1/contacts/:user_id/tags", requireAdmin, async (c) => {
    const { user_id } = validate(params, c.req.param(), "path");
    const { name } = validate(body, await readJson(c), "body");
    return acceptAndRespond(c, [
      {
        kind: "contact.tag",
        subject: user_id,
        idempotencyKey: idempotencyKeyOf(c, "tag"),
        payload: { userId: user_id, tag: name },
      },
    ]);
  });
}
