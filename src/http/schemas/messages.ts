import { z } from "@hono/zod-openapi";
import { ONE_NAMED, oneNamed, personFields } from "./person.ts";

export const MessageBody = z
  .strictObject({
    ...personFields,
    // Intercom's schema says `in_app`, its examples and answers say `inapp`: accept both.
    type: z.enum(["inapp", "in_app", "email"]),
    body: z.string().min(1).max(65_536),
    subject: z.string().min(1).max(255).optional().describe("Required for email"),
    template: z.enum(["plain", "personal"]).optional(),
    from_admin_id: z.string().min(1).optional(),
  })
  .refine(oneNamed, ONE_NAMED)
  .refine((m) => m.type !== "email" || m.subject, {
    message: "an email needs a subject",
    path: ["subject"],
  })
  .openapi("MessageBody", {
    example: { user_id: "u_42", type: "inapp", body: "Your export is ready." },
  });
