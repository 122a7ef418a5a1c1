import { z } from "zod";
import { intercomId, reference, unixSeconds } from "./common.ts";

export const contactLocationSchema = z.looseObject({
  country: z.string().nullish(),
  region: z.string().nullish(),
  city: z.string().nullish(),
});

/** A full contact (API version 2.16). Unknown fields are kept: the raw payload is stored too. */
export const contactSchema = z.looseObject({
  // "contact" in 2.x; legacy version 1 topics send "user" objects.
  type: z.string().optional(),
  id: intercomId,
  workspace_id: z.string().nullish(),
  external_id: z.string().nullish(),
  role: z.string().nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  name: z.string().nullish(),
  owner_id: intercomId.nullish(),
  created_at: unixSeconds,
  updated_at: z.number(),
  signed_up_at: unixSeconds,
  last_seen_at: unixSeconds,
  custom_attributes: z.record(z.string(), z.unknown()).nullish(),
  location: contactLocationSchema.nullish(),
  tags: z
    .looseObject({ data: z.array(reference).nullish(), has_more: z.boolean().nullish() })
    .nullish(),
  merge_history: z.array(z.looseObject({ id: intercomId })).nullish(),
});
export type IntercomContact = z.infer<typeof contactSchema>;

/** What `contact.deleted`, `contact.archived` and `contact.unarchive` may carry instead. */
export const contactReferenceSchema = z.looseObject({
  id: intercomId,
  external_id: z.string().nullish(),
  archived: z.boolean().nullish(),
  deleted: z.boolean().nullish(),
});

export const tagSchema = z.looseObject({
  type: z.literal("tag").optional(),
  id: intercomId,
  name: z.string(),
});

/** The item of `contact.*.tag.created|deleted`. */
export const contactTagSchema = z.looseObject({
  type: z.literal("contact_tag").optional(),
  created_at: unixSeconds,
  tag: tagSchema,
  contact: reference,
});
