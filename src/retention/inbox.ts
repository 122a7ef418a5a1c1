import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { webhookDeliveries as w } from "../db/schema/webhooks.ts";
import { countsOf } from "./batch.ts";

/**
 * Applied and ignored deliveries received before `cutoff`. Received, failed and dead ones stay
 * (still to apply, or dead letters for an operator). The row is also the delivery's dedupe
 * key, so a replay older than the cutoff is stored and applied again: harmless, because
 * upserts never let an older `updated_at` win and deletions leave tombstones. One status at
 * a time, ordered exactly as the (status, received_at desc nulls last) index is, so the index
 * yields the rows to delete; any other order made Postgres scan and sort (10x slower).
 */
export async function purgeDeliveries(
  db: Executor,
  status: "applied" | "ignored",
  cutoff: Date,
  limit: number,
) {
  const { n } = await countsOf(
    db,
    sql`with doomed as (
      select ${w.workspaceId}, ${w.deliveryKey} from ${w}
      where ${w.status} = ${status} and ${w.receivedAt} < ${cutoff}
      order by ${w.receivedAt} desc nulls last limit ${limit} for update skip locked
    ), gone as (
      delete from ${w} using doomed
      where ${w}.workspace_id = doomed.workspace_id and ${w}.delivery_key = doomed.delivery_key
      returning 1
    ) select count(*)::int as n from gone`,
    ["n"],
  );
  return { more: n === limit, counts: { webhook_deliveries: n } };
}
