import { z } from "@hono/zod-openapi";
import { Instant, JsonValue, NullableInstant } from "./common.ts";

export const Contact = z
  .object({
    id: z.string().describe("Intercom's contact id"),
    workspace_id: z.string(),
    role: z.string().nullable(),
    external_id: z.string().nullable().describe("The product's user_id"),
    email: z.string().nullable(),
    name: z.string().nullable(),
    phone: z.string().nullable(),
    owner_id: z.string().nullable(),
    location: JsonValue,
    created_at: NullableInstant,
    updated_at: NullableInstant,
    signed_up_at: NullableInstant,
    last_seen_at: NullableInstant,
    custom_attributes: JsonValue,
    archived: z.boolean(),
    merged_into_id: z.string().nullable(),
    tags: z.array(z.object({ id: z.string(), name: z.string() })),
    written_at: Instant,
    written_from: z.string().describe("What last wrote our copy: webhook or sync"),
  })
  .openapi("Contact");

const attribute = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const IdentifyBody = z
  .strictObject({
    user_id: z.string().min(1).max(255),
    email: z.email().max(255).nullish(),
    name: z.string().max(255).nullish(),
    phone: z.string().max(64).nullish(),
    role: z.enum(["user", "lead"]).optional(),
    signed_up_at: z.number().int().positive().nullish().describe("Unix seconds"),
    plan: z.string().max(255).optional(),
    custom_attributes: z.record(z.string(), attribute).optional(),
  })
  .openapi("IdentifyBody", {
    example: { user_id: "u_42", email: "ada@example.com", name: "Ada", plan: "pro" },
  });
