import { z } from "@hono/zod-openapi";
import { ContactParam, ONE_NAMED, oneNamed, personFields } from "./person.ts";

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

/** The person in the body, not the path: an email or user id in a URL reaches platform logs. */
export const TagForPerson = z
  .strictObject({ ...personFields, name: z.string().trim().min(1).max(255) })
  .refine(oneNamed, ONE_NAMED)
  .openapi("TagForPerson", { example: { user_id: "u_42", name: "vip" } });
