import { createRoute, z } from "@hono/zod-openapi";
import { listAccounts } from "../../accounts/read.ts";
import { requireAdmin } from "../middleware/admin-auth.ts";
import { Account, AccountFilters } from "../schemas/accounts.ts";
import { ADMIN_SECURITY, adminProblems, json } from "../schemas/common.ts";
import { pageOf, pageQuery } from "../schemas/page.ts";
import { CURSOR_KEYS, decodeCursor, pageFrom } from "../support/cursor.ts";
import { routeApp } from "../support/route-app.ts";
import { accountView } from "../views/accounts.ts";

const route = createRoute({
  method: "get",
  path: "/v1/accounts",
  tags: ["Accounts"],
  summary: "Account records (one per Intercom company), most MRR first, then by Intercom id",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  request: { query: z.object({ ...AccountFilters, ...pageQuery({ max: 500, default: 50 }) }) },
  responses: { 200: json(pageOf(Account).openapi("AccountPage"), "A page"), ...adminProblems },
});

export const accountsList = routeApp().openapi(route, async (c) => {
  const q = c.req.valid("query");
  const { db, config } = c.var.services;
  const rows = await listAccounts(db(), {
    workspaceId: config.INTERCOM_WORKSPACE_ID,
    q: q.q,
    atRisk: q.at_risk,
    highValue: q.high_value,
    highValueMrr: config.HIGH_VALUE_MRR,
    after: decodeCursor(q.cursor, CURSOR_KEYS.byAmountAndText),
    limit: q.limit + 1,
  });
  return c.json(
    pageFrom(rows, q.limit, (row) => [row.mrrKey, row.intercomId], accountView),
    200,
  );
});
