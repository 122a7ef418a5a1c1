import type { Hono } from "hono";
import { SEARCH_MIN_LENGTH, searchCustomers } from "../data/customers.ts";
import type { DashboardEnv } from "../env.ts";
import { customerHref } from "../views/customers.tsx";
import { searchPage } from "../views/search-page.tsx";
import { readForm } from "./form.ts";

/**
 * `POST /dashboard/customers/search`: the email (or part of one) comes in the form body, never
 * a URL, so no platform log holds it. Exactly one match is a redirect to that customer's page,
 * addressed by its id; otherwise the matches are this answer's page. Form posts pass the
 * dashboard's origin check like every other.
 */
export function registerCustomerSearch(dash: Hono<DashboardEnv>) {
  dash.post("/customers/search", async (c) => {
    const form = await readForm(c);
    const query = (form.q ?? "").trim().slice(0, 255);
    const { db, config, clock } = c.var.services;
    const page = { query, operator: c.var.operator, now: clock.now() };
    if (query.length < SEARCH_MIN_LENGTH) {
      const problem = `Search by at least ${SEARCH_MIN_LENGTH} characters of an email.`;
      return c.html(searchPage({ ...page, found: null, problem }), 400);
    }
    const found = await searchCustomers(db(), config.INTERCOM_WORKSPACE_ID, query);
    const [only] = found;
    if (only && found.length === 1) return c.redirect(customerHref(only.id), 303);
    return c.html(searchPage({ ...page, found }));
  });
}
