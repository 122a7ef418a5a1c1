import { type RouteConfig, z } from "@hono/zod-openapi";

type MediaType = NonNullable<NonNullable<RouteConfig["request"]>["body"]>["content"][string];
type BodySchema = NonNullable<Extract<MediaType, { schema?: unknown }>["schema"]>;

/**
 * For the document only: event bodies are checked by src/events/validate.ts (shape, then
 * Intercom's rules as 422s), which is also what /v1/track runs, so there is one rule.
 */
const Event = z.object({
  event_name: z.string().min(1).max(255),
  created_at: z.int().optional().describe("Unix seconds; defaults to now"),
  user_id: z.string().min(1).max(255).optional(),
  email: z.email().max(255).optional(),
  id: z.string().min(1).max(64).optional().describe("Intercom contact id"),
  metadata: z
    .record(z.string(), z.unknown())
    .optional()
    .describe(
      "At most 10 keys: strings, numbers, booleans, null, {url, value}, {amount, currency}",
    ),
  idempotency_key: z.string().min(1).max(200).optional(),
});

export const EventsBody = z.union([Event, z.object({ events: z.array(Event).min(1).max(100) })]);
export const TrackBody = z.object({
  events: z
    .array(Event.omit({ email: true, id: true }))
    .min(1)
    .max(50)
    .optional(),
  user_id: z.string().optional().describe("With user_hash: the legacy identity proof"),
  user_hash: z.string().optional(),
});

/** A zod schema as the document's JSON Schema, with no validator generated for it. */
export const documentedOnly = (schema: z.ZodType): BodySchema => {
  const { $schema: _, ...jsonSchema } = z.toJSONSchema(schema, { io: "input" });
  return jsonSchema as BodySchema;
};

export const EventsAccepted = z.object({
  data: z.array(
    z.object({
      id: z.uuid(),
      idempotency_key: z.string().nullable(),
      status: z.string(),
      duplicate: z.boolean(),
    }),
  ),
});
