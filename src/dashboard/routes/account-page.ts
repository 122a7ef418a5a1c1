import type { Hono } from "hono";
import { z } from "zod";
import { validate } from "../../http/support/validate.ts";
import { AppError } from "../../shared/errors.ts";
import { accountWithPeople } from "../data/accounts.ts";
import type { DashboardEnv } from "../env.ts";
import { accountPage } from "../views/account-page.tsx";

const accountParams = z.object({ id: z.string().min(1).max(255) });

/** `GET /dashboard/accounts/{intercom_id}`: one account, its people and its latest alerts. */
export function registerAccountPage(dash: Hono<DashboardEnv>) {
  dash.get("/accounts/:id", async (c) => {
    const { id } = validate(accountParams, c.req.param(), "path");
    const { db, config } = c.var.services;
    const detail = await accountWithPeople(db(), config.INTERCOM_WORKSPACE_ID, id);
    if (!detail) throw new AppError("not_found", "no such account");
    return c.html(accountPage({ detail, operator: c.var.operator }));
  });
}
