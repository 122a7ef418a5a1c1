import { z } from "@hono/zod-openapi";

/** The problem+json every error answers with (src/http/problem.ts writes it). */
export const Problem = z
  .object({
    type: z.string().describe("`https://intercom-bridge.dev/problems/<kind>`"),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    instance: z
      .string()
      .describe(
        "The route's pattern, e.g. `/v1/contacts/:contact` (never the path: paths carry user ids and emails)",
      ),
    retryable: z.boolean().describe("Whether the same request can succeed later"),
    request_id: z.string().optional().describe("On 500s: the id the service's log line carries"),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .describe("Each field that was wrong"),
    candidates: z
      .array(z.string())
      .optional()
      .describe("On 409 for an email several contacts have: their Intercom ids"),
    suppression: z
      .uuid()
      .optional()
      .describe(
        "On 409 `erased`: the suppression refusing writes about the person; an operator lifts it with `DELETE /v1/suppressions/{id}`",
      ),
  })
  .openapi("Problem", {
    example: {
      type: "https://intercom-bridge.dev/problems/invalid-request",
      title: "Invalid request",
      status: 400,
      detail: "invalid body",
      instance: "/v1/messages",
      retryable: false,
      errors: [{ field: "body", message: "Invalid input: expected string, received undefined" }],
    },
  });

const WHEN: Record<number, string> = {
  400: "The input is malformed; `errors` names each field",
  401: "Missing or wrong admin key",
  403: "Not allowed",
  404: "Nothing by that name",
  409: "Conflicts with the current state; type `.../problems/erased` when the person was erased (see `suppression`)",
  413: "Body too large",
  422: "Well-formed but breaks one of Intercom's rules",
  429: "Too many requests or failed attempts; see Retry-After",
  500: "Unexpected error or a misconfigured service; the body carries only `request_id`",
  503: "A dependency (Postgres, Intercom) is unavailable; retryable",
};

/** The problem+json answers a route can give, by status. */
export function problems<const S extends keyof typeof WHEN>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: WHEN[s], content: { "application/problem+json": { schema: Problem } } },
    ]),
  ) as Record<
    S,
    { description: string; content: { "application/problem+json": { schema: typeof Problem } } }
  >;
}

/** What every admin route can answer besides its own errors. */
export const adminProblems = problems(400, 401, 429, 500, 503);

/** Routes behind `Authorization: Bearer <ADMIN_API_KEY>`. */
export const ADMIN_SECURITY = [{ adminKey: [] }];

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** An instant as every answer writes it (ISO 8601, UTC). */
export const Instant = z.iso
  .datetime({ offset: true })
  .openapi({ example: "2026-11-30T09:15:00.000Z" });
export const NullableInstant = Instant.nullable();
/** A JSON value the service passes through as stored (payloads, results, details). */
export const JsonValue = z.unknown().openapi({ description: "Any JSON value" });
