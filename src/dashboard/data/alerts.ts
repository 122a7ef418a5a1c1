import { sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { ALERT_KINDS, alerts } from "../../db/schema/customers.ts";
import { textArray } from "../../db/sql.ts";

export interface LatestAlert {
  kind: string;
  email: string;
  message: string;
  createdAt: Date;
}

/**
 * The latest alerts of each kind (up to `perKind`), newest first within a kind: one short
 * range of alerts_kind_idx per kind, where ranking every alert of the workspace read them all.
 */
export async function latestAlertsByKind(
  db: Executor,
  workspaceId: string,
  perKind = 5,
): Promise<LatestAlert[]> {
  const result = await db.execute<{ kind: string; email: string; message: string; ms: number }>(sql`
    select a.kind, a.email, a.message, extract(epoch from a.created_at)::float8 * 1000 as ms
    from unnest(${textArray(ALERT_KINDS)}) as k(kind)
    cross join lateral (
      select ${alerts.kind} as kind, ${alerts.email} as email, ${alerts.message} as message,
        ${alerts.createdAt} as created_at
      from ${alerts}
      where ${alerts.workspaceId} = ${workspaceId} and ${alerts.kind} = k.kind
      order by ${alerts.createdAt} desc
      limit ${perKind}
    ) a
    order by a.kind, a.created_at desc`);
  return result.rows.map((r) => ({
    kind: r.kind,
    email: r.email,
    message: r.message,
    createdAt: new Date(Number(r.ms)),
  }));
}
