import { createRoute, z } from "@hono/zod-openapi";
import { ERASURE_SOURCES } from "../../db/schema/index.ts";
import { listErasures } from "../../erasure/record.ts";
import { requireAdmin } from "../middleware/admin-auth.ts";
import { ADMIN_SECURITY, adminProblems, json } from "../schemas/common.ts";
import { ErasurePage } from "../schemas/erasures.ts";
import { pageQuery } from "../schemas/page.ts";
import { erasureFilterOf } from "../support/erasure-filter.ts";
import { refuseInUrl } from "../support/not-in-url.ts";
import { routeApp } from "../support/route-app.ts";
import { erasurePage } from "../views/erasures.ts";

// No `user_id` here: "was u_42 erased?" is asked with POST /v1/erasures/search, in a body.
const query = z.object({
  workspace_id: z.string().min(1).max(200).optional(),
  contact_id: z.string().min(1).max(100).optional(),
  requested_by: z.enum(ERASURE_SOURCES).optional(),
  before: z.iso.datetime({ offset: true }).optional().describe("Only requests before this instant"),
  ...pageQuery({ max: 200, default: 50 }),
});

const route = createRoute({
  method: "get",
  path: "/v1/erasures",
  tags: ["Operator"],
  summary: "Erasure requests, newest first: who asked, when, what was removed (counts only)",
  description:
    "To ask whether a user id was erased, `POST /v1/erasures/search` (a body, not a URL).",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  request: { query },
  responses: { 200: json(ErasurePage, "A page"), ...adminProblems },
});

export const erasuresList = routeApp().openapi(route, async (c) => {
  refuseInUrl(c, ["user_id"], "POST /v1/erasures/search");
  const filter = c.req.valid("query");
  const rows = await listErasures(c.var.services.db(), erasureFilterOf(filter));
  return c.json(erasurePage(rows, filter.limit), 200);
});
