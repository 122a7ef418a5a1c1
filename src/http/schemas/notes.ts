import { z } from "@hono/zod-openapi";
import { ONE_NAMED, oneNamed, personFields } from "./person.ts";

export const NoteBody = z
  .strictObject({
    body: z.string().min(1).max(65_536),
    admin_id: z.string().min(1).optional().describe("Defaults to INTERCOM_ADMIN_ID"),
  })
  .openapi("NoteBody", { example: { body: "Called about the invoice." } });

/** The person in the body, not the path: an email or user id in a URL reaches platform logs. */
export const NoteForPerson = z
  .strictObject({
    ...personFields,
    body: z.string().min(1).max(65_536),
    admin_id: z.string().min(1).optional().describe("Defaults to INTERCOM_ADMIN_ID"),
  })
  .refine(oneNamed, ONE_NAMED)
  .openapi("NoteForPerson", { example: { user_id: "u_42", body: "Called about the invoice." } });
