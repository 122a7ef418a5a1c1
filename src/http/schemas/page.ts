import { z } from "@hono/zod-openapi";

/** `?cursor=&limit=`: every list pages this way; only the limits differ. */
export const pageQuery = (limits: { max: number; default: number }) => ({
  cursor: z
    .string()
    .min(1)
    .max(1000)
    .optional()
    .openapi({ description: "`next_cursor` of the previous page; absent for the first" }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(limits.max)
    .default(limits.default)
    .openapi({
      description: `Rows per page, at most ${limits.max}. A page also ends before its JSON passes 1 MB (one row always), so it may hold fewer: follow \`next_cursor\``,
    }),
});

/** A page of a list: its rows and the cursor to the next page (null on the last). */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    next_cursor: z
      .string()
      .nullable()
      .openapi({ description: "Pass as `cursor` for the next page; null when there is none" }),
  });

/**
 * `cursor` and `limit` in a JSON body: the lists searched by a person's email or user id take
 * them there, beside the identifiers, so nothing about the search is in the URL.
 */
export const pageBody = (limits: { max: number; default: number }) => ({
  cursor: z
    .string()
    .min(1)
    .max(1000)
    .optional()
    .openapi({ description: "`next_cursor` of the previous page; absent for the first" }),
  limit: z
    .number()
    .int()
    .min(1)
    .max(limits.max)
    .default(limits.default)
    .openapi({ description: `Rows per page, at most ${limits.max} (and at most 1 MB of JSON)` }),
});
