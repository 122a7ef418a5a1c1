import { createRoute, z } from "@hono/zod-openapi";
import { listAudit } from "../../audit/record.ts";
import { AUDIT_ACTIONS } from "../../db/schema/audit.ts";
import { requireAdmin } from "../middleware/admin-auth.ts";
import { AuditPage } from "../schemas/audit.ts";
import { ADMIN_SECURITY, adminProblems, json } from "../schemas/common.ts";
import { pageQuery } from "../schemas/page.ts";
import { CURSOR_KEYS, decodeCursor, pageFrom } from "../support/cursor.ts";
import { routeApp } from "../support/route-app.ts";
import { auditView } from "../views/audit.ts";

const query = z.object({
  action: z.enum(AUDIT_ACTIONS).optional(),
  since: z.iso
    .datetime({ offset: true })
    .optional()
    .describe("Only entries at or after this instant"),
  ...pageQuery({ max: 200, default: 50 }),
});

const route = createRoute({
  method: "get",
  path: "/v1/audit",
  tags: ["Operator"],
  summary: "Operator actions, newest first: who did what to which id, from where, and how it ended",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  request: { query },
  responses: { 200: json(AuditPage, "A page"), ...adminProblems },
});

/** This deployment's workspace only: the log of the operators of this service. */
export const auditList = routeApp().openapi(route, async (c) => {
  const { cursor, limit, action, since } = c.req.valid("query");
  const { db, config } = c.var.services;
  const rows = await listAudit(db(), {
    workspaceId: config.INTERCOM_WORKSPACE_ID,
    action,
    since: since ? new Date(since) : undefined,
    limit: limit + 1,
    after: decodeCursor(cursor, CURSOR_KEYS.byTimeAndUuid),
  });
  return c.json(
    pageFrom(rows, limit, (row) => [row.key, row.id], auditView),
    200,
  );
});
