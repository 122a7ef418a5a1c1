import { z } from "zod";
import { intercomId, reference } from "./common.ts";
import { contactCompaniesListSchema } from "./company.ts";
import { requiredTimestamp, timestamp } from "./timestamp.ts";

const contactLocationSchema = z.looseObject({
  country: z.string().nullish(),
  region: z.string().nullish(),
  city: z.string().nullish(),
});

/**
 * A full contact, as REST answers (Unix seconds) and webhooks (ISO-8601 strings) carry it.
 * Only what the service reads is checked; unknown fields are kept and stored with the row.
 */
export const contactSchema = z.looseObject({
  // "contact" in 2.x; legacy version 1 topics send "user" objects.
  type: z.string().optional(),
  id: intercomId,
  workspace_id: z.string().nullish(),
  external_id: intercomId.nullish(),
  role: z.string().nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  name: z.string().nullish(),
  owner_id: intercomId.nullish(),
  created_at: timestamp,
  updated_at: requiredTimestamp,
  signed_up_at: timestamp,
  last_seen_at: timestamp,
  custom_attributes: z.record(z.string(), z.unknown()).nullish(),
  location: contactLocationSchema.nullish(),
  tags: z
    .looseObject({ data: z.array(reference).nullish(), has_more: z.boolean().nullish() })
    .nullish(),
  companies: contactCompaniesListSchema,
  merge_history: z.array(z.looseObject({ id: intercomId })).nullish(),
});
export type IntercomContact = z.infer<typeof contactSchema>;

/**
 * What `contact.deleted` (`{id, type, deleted}`, `external_id` sometimes) and
 * `contact.archived` (`{id, external_id, type, archived}`) carry: no times, no email.
 */
export const contactReferenceSchema = z.looseObject({
  id: intercomId,
  external_id: intercomId.nullish(),
  archived: z.boolean().nullish(),
  deleted: z.boolean().nullish(),
});

export const tagSchema = z.looseObject({
  type: z.literal("tag").optional(),
  id: intercomId,
  name: z.string(),
});

/** The item of `contact.*.tag.created|deleted`; real ones carry no `created_at`. */
export const contactTagSchema = z.looseObject({
  type: z.literal("contact_tag").optional(),
  created_at: timestamp,
  tag: tagSchema,
  contact: reference,
});
