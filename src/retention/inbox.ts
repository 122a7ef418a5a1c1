import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { webhookDeliveries as w } from "../db/schema/webhooks.ts";
import { countsOf } from "./batch.ts";

/**
 * Applied and ignored deliveries received before `cutoff`. Received, failed and dead ones stay
 * (still to apply, or dead letters for an operator). The row is also the delivery's dedupe
 * key, so a replay older than the cutoff is stored and applied again: harmless, because
 * upserts never let an older `updated_at` win and deletions leave tombstones.
 */
export async function purgeDeliveries(db: Executor, cutoff: Date, limit: number) {
  const { n } = await countsOf(
    db,
    sql`with doomed as (
      select ${w.workspaceId}, ${w.deliveryKey} from ${w}
      where ${w.status} in ('applied', 'ignored') and ${w.receivedAt} < ${cutoff}
      limit ${limit} for update skip locked
    ), gone as (
      delete from ${w} using doomed
      where ${w}.workspace_id = doomed.workspace_id and ${w}.delivery_key = doomed.delivery_key
      returning 1
    ) select count(*)::int as n from gone`,
    ["n"],
  );
  return { selected: n, counts: { webhook_deliveries: n } };
}
