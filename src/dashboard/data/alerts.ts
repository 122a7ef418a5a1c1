import { sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { accounts } from "../../db/schema/companies.ts";
import { ALERT_KINDS, alerts, customers } from "../../db/schema/customers.ts";
import { textArray } from "../../db/sql.ts";

export interface LatestAlert {
  kind: string;
  /** A customer's alert: its email, and the record's id its page is addressed by (if it still has one). */
  email: string | null;
  customerId: string | null;
  /** An account's alert: the company's Intercom id, its name, whether it still has an account. */
  accountId: string | null;
  accountName: string | null;
  accountFound: boolean;
  message: string;
  createdAt: Date;
}

type Row = {
  kind: string;
  email: string | null;
  customer_id: string | null;
  account_id: string | null;
  account_name: string | null;
  account_found: boolean;
  message: string;
  ms: number;
};

/**
 * The latest alerts of each kind (up to `perKind`), newest first within a kind: one short
 * range of alerts_kind_idx per kind, where ranking every alert of the workspace read them all.
 * Each with what its subject's page is addressed by: the customer's id (its primary key, by
 * email) or the account's Intercom id (its name by the accounts' primary key).
 */
export async function latestAlertsByKind(
  db: Executor,
  workspaceId: string,
  perKind = 5,
): Promise<LatestAlert[]> {
  const result = await db.execute<Row>(sql`
    select a.kind, a.email, cu.id::text as customer_id, a.account_id, ac.name as account_name,
      ac.intercom_id is not null as account_found,
      a.message, extract(epoch from a.created_at)::float8 * 1000 as ms
    from unnest(${textArray(ALERT_KINDS)}) as k(kind)
    cross join lateral (
      select ${alerts.kind} as kind, ${alerts.email} as email, ${alerts.accountId} as account_id,
        ${alerts.message} as message, ${alerts.createdAt} as created_at
      from ${alerts}
      where ${alerts.workspaceId} = ${workspaceId} and ${alerts.kind} = k.kind
      order by ${alerts.createdAt} desc
      limit ${perKind}
    ) a
    left join ${customers} cu on cu.workspace_id = ${workspaceId} and cu.email = a.email
    left join ${accounts} ac on ac.workspace_id = ${workspaceId} and ac.intercom_id = a.account_id
    order by a.kind, a.created_at desc`);
  return result.rows.map((r) => ({
    kind: r.kind,
    email: r.email,
    customerId: r.customer_id,
    accountId: r.account_id,
    accountName: r.account_name,
    accountFound: r.account_found === true,
    message: r.message,
    createdAt: new Date(Number(r.ms)),
  }));
}
