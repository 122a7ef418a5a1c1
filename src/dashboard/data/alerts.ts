import { sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { alerts } from "../../db/schema/customers.ts";

/** The latest alerts of each kind (up to `perKind`), newest first within a kind. */
export async function latestAlertsByKind(db: Executor, workspaceId: string, perKind = 5) {
  const ranked = db
    .select({
      kind: alerts.kind,
      email: alerts.email,
      message: alerts.message,
      createdAt: alerts.createdAt,
      rank: sql<number>`row_number() over (partition by ${alerts.kind} order by ${alerts.createdAt} desc)`.as(
        "rank",
      ),
    })
    .from(alerts)
    .where(sql`${alerts.workspaceId} = ${workspaceId}`)
    .as("ranked");
  return db
    .select({
      kind: ranked.kind,
      email: ranked.email,
      message: ranked.message,
      createdAt: ranked.createdAt,
    })
    .from(ranked)
    .where(sql`${ranked.rank} <= ${perKind}`)
    .orderBy(ranked.kind, sql`${ranked.createdAt} desc`);
}

export type LatestAlert = Awaited<ReturnType<typeof latestAlertsByKind>>[number];
