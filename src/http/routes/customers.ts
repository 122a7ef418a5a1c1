import type { Hono } from "hono";
import { z } from "zod";
import { findCustomer, listAlerts, listCustomers } from "../../customers/read.ts";
import { AppError } from "../../shared/errors.ts";
import { requireAdmin } from "../admin-auth.ts";
import type { AppEnv } from "../app-env.ts";
import { validate } from "../validate.ts";
import { alertView } from "../views/alerts.ts";
import { customerDetailView, customerView } from "../views/customers.ts";

const flag = z
  .enum(["true", "false"])
  .transform((v) => v === "true")
  .optional();
const listQuery = z.object({
  email: z.string().min(1).max(255).optional(),
  at_risk: flag,
  high_value: flag,
  delinquent: flag,
  cursor: z.string().min(1).max(255).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** Customer records derived by the contact sync, and the alerts raised on them. */
export function registerCustomers(app: Hono<AppEnv>) {
  app.get("/v1/customers", requireAdmin, async (c) => {
    const q = validate(listQuery, c.req.query(), "query");
    const { db, config } = c.var.services;
    const page = await listCustomers(db(), {
      workspaceId: config.INTERCOM_WORKSPACE_ID,
      email: q.email,
      atRisk: q.at_risk,
      highValue: q.high_value,
      delinquent: q.delinquent,
      highValueMrr: config.HIGH_VALUE_MRR,
      after: q.cursor,
      limit: q.limit,
    });
    return c.json({ data: page.data.map(customerView), next_cursor: page.next });
  });
  app.get("/v1/customers/:email", requireAdmin, async (c) => {
    // Hono has decoded the path once; decoding again would misread an email holding "%".
    const email = c.req.param("email");
    const { db, config } = c.var.services;
    const customer = await findCustomer(db(), config.INTERCOM_WORKSPACE_ID, email);
    if (!customer) throw new AppError("not_found", `no customer ${email}`);
    const latest = await listAlerts(db(), config.INTERCOM_WORKSPACE_ID, 20, email);
    return c.json(customerDetailView(customer, latest));
  });
  app.get("/v1/alerts", requireAdmin, async (c) => {
    const { limit } = validate(
      z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
      c.req.query(),
      "query",
    );
    const { db, config } = c.var.services;
    return c.json({
      data: (await listAlerts(db(), config.INTERCOM_WORKSPACE_ID, limit)).map(alertView),
    });
  });
}
