import { createRoute } from "@hono/zod-openapi";
import { accountsOfCustomer } from "../../accounts/read.ts";
import { findCustomer, listAlerts } from "../../customers/read.ts";
import { AppError } from "../../shared/errors.ts";
import { requireAdmin } from "../middleware/admin-auth.ts";
import { jsonBody } from "../middleware/json-body.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { CustomerDetail, CustomerLookup } from "../schemas/customers.ts";
import { routeApp } from "../support/route-app.ts";
import { customerDetailView } from "../views/customers.ts";

const route = createRoute({
  method: "post",
  path: "/v1/customers/lookup",
  tags: ["Customers"],
  summary: "One customer record (email case-insensitive) with its latest alerts and its accounts",
  description:
    "A POST so that the email travels in the body: URLs reach platform logs that no erasure reaches.",
  middleware: [requireAdmin, jsonBody(4096)] as const,
  security: ADMIN_SECURITY,
  request: {
    body: { required: true, content: { "application/json": { schema: CustomerLookup } } },
  },
  responses: {
    200: json(CustomerDetail, "The customer"),
    ...adminProblems,
    ...problems(404, 413),
  },
});

export const customersLookup = routeApp().openapi(route, async (c) => {
  const { email } = c.req.valid("json");
  const { db, config } = c.var.services;
  const customer = await findCustomer(db(), config.INTERCOM_WORKSPACE_ID, email);
  if (!customer) throw new AppError("not_found", "no customer with that email");
  const latest = await listAlerts(db(), config.INTERCOM_WORKSPACE_ID, 20, { email });
  const accounts = await accountsOfCustomer(db(), config.INTERCOM_WORKSPACE_ID, email);
  return c.json(customerDetailView(customer, latest, accounts), 200);
});
