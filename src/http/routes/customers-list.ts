import { createRoute, z } from "@hono/zod-openapi";
import { listCustomers } from "../../customers/read.ts";
import { requireAdmin } from "../admin-auth.ts";
import { CURSOR_KEYS, decodeCursor, pageFrom } from "../cursor.ts";
import { refuseInUrl } from "../not-in-url.ts";
import { routeApp } from "../route-app.ts";
import { ADMIN_SECURITY, adminProblems, json } from "../schemas/common.ts";
import { Customer, CustomerFilters } from "../schemas/customers.ts";
import { pageOf, pageQuery } from "../schemas/page.ts";
import { customerView } from "../views/customers.ts";

const route = createRoute({
  method: "get",
  path: "/v1/customers",
  tags: ["Customers"],
  summary: "Customer records (one per email), in id order",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  request: { query: z.object({ ...CustomerFilters, ...pageQuery({ max: 500, default: 50 }) }) },
  responses: { 200: json(pageOf(Customer).openapi("CustomerPage"), "A page"), ...adminProblems },
});

export const customersList = routeApp().openapi(route, async (c) => {
  refuseInUrl(c, ["email"], "POST /v1/customers/lookup");
  const q = c.req.valid("query");
  const { db, config } = c.var.services;
  const rows = await listCustomers(db(), {
    workspaceId: config.INTERCOM_WORKSPACE_ID,
    atRisk: q.at_risk,
    highValue: q.high_value,
    delinquent: q.delinquent,
    highValueMrr: config.HIGH_VALUE_MRR,
    after: decodeCursor(q.cursor, CURSOR_KEYS.byUuid)?.[0],
    limit: q.limit + 1,
  });
  return c.json(
    pageFrom(rows, q.limit, (row) => [row.id], customerView),
    200,
  );
});
