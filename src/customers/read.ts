import { and, desc, eq, getTableColumns, gt, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { afterKey, exactText, type PageKey } from "../db/keyset.ts";
import { alerts, customers } from "../db/schema/customers.ts";

export interface CustomerFilter {
  workspaceId: string;
  email?: string | undefined;
  atRisk?: boolean | undefined;
  highValue?: boolean | undefined;
  delinquent?: boolean | undefined;
  highValueMrr: number;
  /** Keyset cursor: the last email of the previous page. */
  after?: string | undefined;
  limit: number;
}

/** At risk: delinquent, cancel intent in the last 30 days, or a subscription past due/canceled. */
export const atRisk = sql`(${customers.delinquent} is true or ${customers.cancelIntent30d} is true or ${customers.subscriptionStatus} in ('past_due', 'canceled', 'unpaid'))`;

export type Customer = typeof customers.$inferSelect;
export type Alert = typeof alerts.$inferSelect;

/** Customers by email order, `limit` rows after the email `after` names. */
export async function listCustomers(db: Executor, f: CustomerFilter) {
  const rows = await db
    .select()
    .from(customers)
    .where(
      and(
        eq(customers.workspaceId, f.workspaceId),
        f.email ? eq(customers.email, f.email.toLowerCase()) : undefined,
        f.atRisk === undefined ? undefined : f.atRisk ? atRisk : sql`not ${atRisk}`,
        f.highValue === undefined
          ? undefined
          : f.highValue
            ? gt(customers.mrr, f.highValueMrr)
            : sql`coalesce(${customers.mrr}, 0) <= ${f.highValueMrr}`,
        f.delinquent === undefined ? undefined : eq(customers.delinquent, f.delinquent),
        f.after ? gt(customers.email, f.after) : undefined,
      ),
    )
    .orderBy(customers.email)
    .limit(f.limit);
  return rows;
}

export async function findCustomer(db: Executor, workspaceId: string, email: string) {
  const [row] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.email, email.toLowerCase())));
  return row ?? null;
}

/** Newest first; `after` is `[created_at, id]` of the row before. */
export async function listAlerts(
  db: Executor,
  workspaceId: string,
  limit: number,
  filter: { email?: string | undefined; after?: PageKey | undefined } = {},
) {
  return db
    .select({ ...getTableColumns(alerts), at: exactText(alerts.createdAt) })
    .from(alerts)
    .where(
      and(
        eq(alerts.workspaceId, workspaceId),
        filter.email ? eq(alerts.email, filter.email.toLowerCase()) : undefined,
        afterKey([alerts.createdAt, alerts.id], filter.after),
      ),
    )
    .orderBy(desc(alerts.createdAt), desc(alerts.id))
    .limit(limit);
}
