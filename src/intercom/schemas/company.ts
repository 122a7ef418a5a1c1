import { z } from "zod";
import { intercomId, reference } from "./common.ts";
import { timestamp } from "./timestamp.ts";

/**
 * `plan` is `{type: "plan", id, name}` when set; REST answers `{}` and webhooks `null` when
 * not (the OpenAPI examples and a captured `company.created` disagree, so both are read).
 */
const planSchema = z.looseObject({ name: z.string().nullish() }).nullish();

/**
 * A company, as REST answers (Unix seconds, unset fields left out) and webhooks (ISO strings,
 * unset fields null, a `tag_ids` array instead of `tags`, `plan_id` instead of `plan` in the
 * items of `company.contact.*`) carry it. `monthly_spend` is an integer in Intercom; a
 * float is truncated here as Intercom truncates what it is sent.
 */
export const companySchema = z.looseObject({
  type: z.string().optional(),
  id: intercomId,
  company_id: intercomId.nullish(),
  name: z.string().nullish(),
  plan: planSchema,
  monthly_spend: z
    .number()
    .nullish()
    .transform((v) => (v == null ? null : Math.trunc(v))),
  user_count: z.number().int().nullish(),
  session_count: z.number().int().nullish(),
  custom_attributes: z.record(z.string(), z.unknown()).nullish(),
  tags: z
    .looseObject({ tags: z.array(z.looseObject({ name: z.string().nullish() })).nullish() })
    .nullish(),
  remote_created_at: timestamp,
  created_at: timestamp,
  updated_at: timestamp,
  last_request_at: timestamp,
});
export type IntercomCompany = z.infer<typeof companySchema>;

/** `GET /companies/scroll`: no `pages`, no total; the end is a page with no companies. */
export const companyScrollSchema = z.looseObject({
  data: z.array(companySchema),
  scroll_param: z.string().nullish(),
});

/**
 * `GET /companies/{id}/contacts` and `GET /contacts/{id}/companies`: numbered pages
 * (`pages.page`, `total_pages`), not a cursor.
 */
export function numberedListOf<T extends z.ZodType>(item: T) {
  return z.looseObject({
    data: z.array(item),
    total_count: z.number().nullish(),
    pages: z
      .looseObject({
        page: z.coerce.number().nullish(),
        per_page: z.coerce.number().nullish(),
        total_pages: z.coerce.number().nullish(),
      })
      .nullish(),
  });
}

/** A contact's own list of its companies: at most 10 references, `has_more` past that. */
export const contactCompaniesListSchema = z
  .looseObject({
    data: z.array(reference).nullish(),
    has_more: z.boolean().nullish(),
    total_count: z.number().nullish(),
  })
  .nullish();
