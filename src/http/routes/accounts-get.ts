import { createRoute } from "@hono/zod-openapi";
import { accountPeople, findAccount } from "../../accounts/read.ts";
import { listAlerts } from "../../customers/read.ts";
import { AppError } from "../../shared/errors.ts";
import { requireAdmin } from "../middleware/admin-auth.ts";
import { AccountDetail, AccountIdParam } from "../schemas/accounts.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { routeApp } from "../support/route-app.ts";
import { accountDetailView } from "../views/accounts.ts";

const route = createRoute({
  method: "get",
  path: "/v1/accounts/{company_id}",
  tags: ["Accounts"],
  summary: "One account with its people and latest alerts",
  description:
    "By the customer's own company id; when no account has that company id, by Intercom's id of the company (a company created without one is still reachable).",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  request: { params: AccountIdParam },
  responses: { 200: json(AccountDetail, "The account"), ...adminProblems, ...problems(404) },
});

export const accountsGet = routeApp().openapi(route, async (c) => {
  const { company_id } = c.req.valid("param");
  const { db, config } = c.var.services;
  const workspaceId = config.INTERCOM_WORKSPACE_ID;
  const account = await findAccount(db(), workspaceId, company_id);
  if (!account) throw new AppError("not_found", "no account with that company id");
  const people = await accountPeople(db(), workspaceId, account.intercomId);
  const latest = await listAlerts(db(), workspaceId, 20, { accountId: account.intercomId });
  return c.json(accountDetailView(account, people, latest), 200);
});
