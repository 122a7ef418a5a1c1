import type { Hono } from "hono";
import { z } from "zod";
import { acceptAndRespond, idempotencyKeyOf, readJson } from "../accept.ts";
import { requireAdmin } from "../admin-auth.ts";
import type { AppEnv } from "../app-env.ts";
import { validate } from "../validate.ts";

const body = z.strictObject({
  user_id: z.string().min(1).max(255),
  email: z.email().max(255).nullish(),
  name: z.string().max(255).nullish(),
  phone: z.string().max(64).nullish(),
  role: z.enum(["user", "lead"]).optional(),
  signed_up_at: z.number().int().positive().nullish(),
  plan: z.string().max(255).optional(),
  custom_attributes: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .optional(),
});

/** Create or update the Intercom contact for one of the product's users. */
export function registerContactIdentify(app: Hono<AppEnv>) {
  app.post("/v1/contacts/identify", requireAdmin, async (c) => {
    const input = validate(body, await readJson(c), "body");
    const customAttributes = {
      ...input.custom_attributes,
      ...(input.plan === undefined ? {} : { plan: input.plan }),
    };
    return acceptAndRespond(c, [
      {
        kind: "contact.identify",
        subject: input.user_id,
        idempotencyKey: idempotencyKeyOf(c, "identify"),
        payload: {
          userId: input.user_id,
          email: input.email,
          name: input.name,
          phone: input.phone,
          role: input.role,
          signedUpAt: input.signed_up_at,
          ...(Object.keys(customAttributes).length ? { customAttributes } : {}),
        },
      },
    ]);
  });
}
