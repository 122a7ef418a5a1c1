import { createRoute, z } from "@hono/zod-openapi";
import { ERASURE_SOURCES } from "../../db/schema/index.ts";
import { listErasures } from "../../erasure/record.ts";
import { requireAdmin } from "../middleware/admin-auth.ts";
import { jsonBody } from "../middleware/json-body.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { ErasurePage } from "../schemas/erasures.ts";
import { pageBody } from "../schemas/page.ts";
import { erasureFilterOf } from "../support/erasure-filter.ts";
import { routeApp } from "../support/route-app.ts";
import { erasurePage } from "../views/erasures.ts";

const ErasureSearch = z
  .strictObject({
    user_id: z
      .string()
      .min(1)
      .max(255)
      .optional()
      .describe("Was this user erased? Hashed with each record's salt, never stored or echoed"),
    workspace_id: z.string().min(1).max(200).optional(),
    contact_id: z.string().min(1).max(100).optional(),
    requested_by: z.enum(ERASURE_SOURCES).optional(),
    before: z.iso
      .datetime({ offset: true })
      .optional()
      .describe("Only requests before this instant"),
    ...pageBody({ max: 200, default: 50 }),
  })
  .openapi("ErasureSearch", { example: { user_id: "u_42" } });

const route = createRoute({
  method: "post",
  path: "/v1/erasures/search",
  tags: ["Operator"],
  summary: "Erasure requests that match, newest first: was this user erased?",
  description:
    "`GET /v1/erasures` with the filters, and the user id, in the body: URLs reach platform logs that no erasure reaches.",
  middleware: [requireAdmin, jsonBody(4096)] as const,
  security: ADMIN_SECURITY,
  request: {
    body: { required: true, content: { "application/json": { schema: ErasureSearch } } },
  },
  responses: {
    200: json(ErasurePage, "A page"),
    ...adminProblems,
    ...problems(413),
  },
});

export const erasuresSearch = routeApp().openapi(route, async (c) => {
  const filter = c.req.valid("json");
  const rows = await listErasures(c.var.services.db(), erasureFilterOf(filter));
  return c.json(erasurePage(rows, filter.limit), 200);
});
