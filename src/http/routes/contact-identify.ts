import { createRoute } from "@hono/zod-openapi";
import { acceptAndRespond, idempotencyKeyOf } from "../accept.ts";
import { requireAdmin } from "../admin-auth.ts";
import { jsonBody } from "../json-body.ts";
import { routeApp } from "../route-app.ts";
import { Accepted, IDEMPOTENCY_KEY } from "../schemas/accepted.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { IdentifyBody } from "../schemas/contacts.ts";

const route = createRoute({
  method: "post",
  path: "/v1/contacts/identify",
  tags: ["Contacts"],
  summary: "Create or update the Intercom contact of one of the product's users",
  middleware: [requireAdmin, jsonBody()] as const,
  security: ADMIN_SECURITY,
  parameters: [IDEMPOTENCY_KEY],
  request: {
    body: { required: true, content: { "application/json": { schema: IdentifyBody } } },
  },
  responses: {
    202: json(Accepted, "Stored in the outbox"),
    ...adminProblems,
    ...problems(409, 413),
  },
});

export const contactIdentify = routeApp().openapi(route, async (c) => {
  const input = c.req.valid("json");
  const customAttributes = {
    ...input.custom_attributes,
    ...(input.plan === undefined ? {} : { plan: input.plan }),
  };
  return acceptAndRespond(c, [
    {
      kind: "contact.identify",
      subject: input.user_id,
      idempotencyKey: idempotencyKeyOf(c, "identify"),
      payload: {
        userId: input.user_id,
        email: input.email,
        name: input.name,
        phone: input.phone,
        role: input.role,
        signedUpAt: input.signed_up_at,
        ...(Object.keys(customAttributes).length ? { customAttributes } : {}),
      },
    },
  ]);
});
