import { z } from "@hono/zod-openapi";
import { ContactParam, ONE_NAMED, oneNamed, personFields } from "./person.ts";

export const NoteBody = z
  .strictObject({
    body: z.string().min(1).max(65_536),
    admin_id: z.string().min(1).optional().describe("Defaults to INTERCOM_ADMIN_ID"),
  })
  .openapi("NoteBody", { example: { body: "Called about the invoice." } });

export const TagBody = z
  .strictObject({ name: z.string().trim().min(1).max(255) })
  .openapi("TagBody", { example: { name: "vip" } });

export const TagParams = ContactParam.extend({
  name: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .openapi({ param: { name: "name", in: "path" }, example: "vip" }),
});

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

/** The person in the body, not the path: an email or user id in a URL reaches platform logs. */
export const NoteForPerson = z
  .strictObject({
    ...personFields,
    body: z.string().min(1).max(65_536),
    admin_id: z.string().min(1).optional().describe("Defaults to INTERCOM_ADMIN_ID"),
  })
  .refine(oneNamed, ONE_NAMED)
  .openapi("NoteForPerson", { example: { user_id: "u_42", body: "Called about the invoice." } });

export const TagForPerson = z
  .strictObject({ ...personFields, name: z.string().trim().min(1).max(255) })
  .refine(oneNamed, ONE_NAMED)
  .openapi("TagForPerson", { example: { user_id: "u_42", name: "vip" } });

export const PersonBody = z
  .strictObject(personFields)
  .refine(oneNamed, ONE_NAMED)
  .openapi("PersonBody", { example: { user_id: "u_42" } });
