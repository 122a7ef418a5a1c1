import type { Hono } from "hono";
import { z } from "zod";
import { acceptAndRespond, idempotencyKeyOf, readJson } from "../accept.ts";
import { requireAdmin } from "../admin-auth.ts";
import type { AppEnv } from "../app-env.ts";
import { validate } from "../validate.ts";

const body = z
  .strictObject({
    user_id: z.string().min(1).max(255),
    // Intercom's schema says `in_app`, its examples and answers say `inapp`: accept both.
    type: z.enum(["inapp", "in_app", "email"]),
    body: z.string().min(1).max(65_536),
    subject: z.string().min(1).max(255).optional(),
    template: z.enum(["plain", "personal"]).optional(),
    from_admin_id: z.string().min(1).optional(),
  })
  .refine((m) => m.type !== "email" || m.subject, {
    message: "an email needs a subject",
    path: ["subject"],
  });

/** An admin-initiated message to one user, in-app or by email. */
export function registerMessageSend(app: Hono<AppEnv>) {
  app.post("/v1/messages", requireAdmin, async (c) => {
    const input = validate(body, await readJson(c), "body");
    return acceptAndRespond(c, [
      {
        kind: "message",
        subject: input.user_id,
        idempotencyKey: idempotencyKeyOf(c, "message"),
        payload: {
          userId: input.user_id,
          messageType: input.type === "email" ? "email" : "inapp",
          body: input.body,
          subject: input.subject,
          template: input.template,
          fromAdminId: input.from_admin_id,
        },
      },
    ]);
  });
}
