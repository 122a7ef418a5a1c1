import { and, desc, eq, getTableColumns, gt, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { afterKey, exactText, type PageKey } from "../db/keyset.ts";
import { alerts, atRiskOf, customers } from "../db/schema/customers.ts";
import { highValueWhere } from "./high-value.ts";

interface CustomerFilter {
  workspaceId: string;
  atRisk?: boolean | undefined;
  highValue?: boolean | undefined;
  delinquent?: boolean | undefined;
  highValueMrr: number;
  /** Keyset cursor: the last id of the previous page. */
  after?: string | undefined;
  limit: number;
}

export const atRisk = atRiskOf(customers);

export type Customer = typeof customers.$inferSelect;
export type Alert = typeof alerts.$inferSelect;

/**
 * Customers in id order (customers_id_idx), `limit` rows after the id `after` names. By id,
 * not email: the cursor is the last row's key, and a cursor travels in URLs.
 */
export async function listCustomers(db: Executor, f: CustomerFilter) {
  return db
    .select()
    .from(customers)
    .where(
      and(
        eq(customers.workspaceId, f.workspaceId),
        f.atRisk === undefined ? undefined : f.atRisk ? atRisk : sql`not ${atRisk}`,
        f.highValue === undefined ? undefined : highValueWhere(f.highValueMrr, f.highValue),
        f.delinquent === undefined ? undefined : eq(customers.delinquent, f.delinquent),
        f.after ? gt(customers.id, f.after) : undefined,
      ),
    )
    .orderBy(customers.id)
    .limit(f.limit);
}

export async function findCustomer(db: Executor, workspaceId: string, email: string) {
  const [row] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.email, email.toLowerCase())));
  return row ?? null;
}

/** Newest first; `after` is `[created_at, id]` of the row before. One subject, or all. */
export async function listAlerts(
  db: Executor,
  workspaceId: string,
  limit: number,
  filter: {
    email?: string | undefined;
    /** An account's alerts: the company's Intercom id (alerts_unique_account_change_idx). */
    accountId?: string | undefined;
    after?: PageKey | undefined;
  } = {},
) {
  return db
    .select({ ...getTableColumns(alerts), at: exactText(alerts.createdAt) })
    .from(alerts)
    .where(
      and(
        eq(alerts.workspaceId, workspaceId),
        filter.email ? eq(alerts.email, filter.email.toLowerCase()) : undefined,
        filter.accountId ? eq(alerts.accountId, filter.accountId) : undefined,
        afterKey([alerts.createdAt, alerts.id], filter.after),
      ),
    )
    .orderBy(desc(alerts.createdAt), desc(alerts.id))
    .limit(limit);
}
