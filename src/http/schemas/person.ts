import { z } from "@hono/zod-openapi";

const KINDS = ["user_id", "email", "id"] as const;

/** The person in a contact route's path; `by` says which of the three names it is. */
export const ContactParam = z.object({
  contact: z
    .string()
    .min(1)
    .max(255)
    .openapi({
      param: { name: "contact", in: "path" },
      description: "The person: their user_id, email or Intercom id, as `by` says",
      example: "u_42",
    }),
});

/** `?by=`: what the path names. Reads of our copy default to Intercom's id, as they always did. */
export const byQuery = (fallback: (typeof KINDS)[number]) =>
  z.object({
    by: z
      .enum(KINDS)
      .default(fallback)
      .openapi({
        description: `What \`{contact}\` is (default \`${fallback}\`). An email must name one contact: several are a 409 listing their ids, none a 404.`,
      }),
  });

/** The person in a body: exactly one of user_id, email or id, like Intercom's events. */
export const personFields = {
  user_id: z.string().min(1).max(255).optional().describe("The product's user id"),
  email: z.email().max(255).optional().describe("Must name exactly one contact"),
  id: z.string().min(1).max(128).optional().describe("Intercom's contact id"),
};

export const oneNamed = (p: { user_id?: string; email?: string; id?: string }) =>
  [p.user_id, p.email, p.id].filter((v) => v !== undefined).length === 1;

export const ONE_NAMED = {
  message: "name the person by exactly one of user_id, email or id",
  path: ["user_id"],
};

export const refOf = (p: { user_id?: string; email?: string; id?: string }) =>
  p.email !== undefined
    ? ({ by: "email", value: p.email } as const)
    : p.id !== undefined
      ? ({ by: "id", value: p.id } as const)
      : ({ by: "user_id", value: p.user_id ?? "" } as const);

/** What the routes with a person in their path say about it, in the OpenAPI document. */
export const IN_URL =
  "A user id or email in the path is in the URL, and URLs reach platform logs (Cloudflare's, a proxy's) that no erasure reaches: prefer `?by=id` with Intercom's id, or";
