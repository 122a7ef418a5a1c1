import type { Hono } from "hono";
import { z } from "zod";
import { validate } from "../../http/support/validate.ts";
import { accountLists, searchAccounts } from "../data/accounts.ts";
import type { DashboardEnv } from "../env.ts";
import { accountsPage } from "../views/accounts.tsx";

/** The API's bounds for `q` (src/http/schemas/accounts.ts); an empty box is no search. */
const accountsQuery = z.object({ q: z.string().trim().max(200).optional() });

/** `GET /dashboard/accounts[?q=]`: at-risk and high-value accounts, and what a search found. */
export function registerAccountsPage(dash: Hono<DashboardEnv>) {
  dash.get("/accounts", async (c) => {
    const { q } = validate(accountsQuery, c.req.query(), "query");
    const { db, config } = c.var.services;
    const workspace = config.INTERCOM_WORKSPACE_ID;
    const search = q
      ? { query: q, ...(await searchAccounts(db(), workspace, q, config.HIGH_VALUE_MRR)) }
      : null;
    const lists = await accountLists(db(), workspace, config.HIGH_VALUE_MRR);
    return c.html(
      accountsPage({
        ...lists,
        highValueMrr: config.HIGH_VALUE_MRR,
        search,
        operator: c.var.operator,
      }),
    );
  });
}
