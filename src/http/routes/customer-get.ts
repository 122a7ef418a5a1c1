import { createRoute } from "@hono/zod-openapi";
import { findCustomer, listAlerts } from "../../customers/read.ts";
import { AppError } from "../../shared/errors.ts";
import { requireAdmin } from "../admin-auth.ts";
import { routeApp } from "../route-app.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { CustomerDetail, EmailParam } from "../schemas/customers.ts";
import { customerDetailView } from "../views/customers.ts";

const route = createRoute({
  method: "get",
  path: "/v1/customers/{email}",
  tags: ["Customers"],
  summary: "One customer record (email case-insensitive) with its latest alerts",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  request: { params: EmailParam },
  responses: { 200: json(CustomerDetail, "The customer"), ...adminProblems, ...problems(404) },
});

export const customerGet = routeApp().openapi(route, async (c) => {
  // Hono has decoded the path once; decoding again would misread an email holding "%".
  const { email } = c.req.valid("param");
  const { db, config } = c.var.services;
  const customer = await findCustomer(db(), config.INTERCOM_WORKSPACE_ID, email);
  if (!customer) throw new AppError("not_found", "no customer with that email");
  const latest = await listAlerts(db(), config.INTERCOM_WORKSPACE_ID, 20, { email });
  return c.json(customerDetailView(customer, latest), 200);
});
