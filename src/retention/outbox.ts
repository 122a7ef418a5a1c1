import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { outboxMessages as o } from "../db/schema/outbox.ts";
import { countsOf } from "./batch.ts";

/**
 * Delivered outbox rows older than `cutoff`. Pending, failed and dead rows stay. Deleting a
 * row frees its idempotency key: the same key sent again after that is a new write, so the
 * retention is also the window in which a client's retry is recognised. `created_at` is
 * checked too (it is never later than `delivered_at`) so the (status, created_at desc
 * nulls last) index, in its own order, yields the rows.
 */
export async function purgeOutbox(db: Executor, cutoff: Date, limit: number) {
  const { n } = await countsOf(
    db,
    sql`with doomed as (
      select ${o.id} from ${o}
      where ${o.status} = 'delivered' and ${o.createdAt} < ${cutoff} and ${o.deliveredAt} < ${cutoff}
      order by ${o.createdAt} desc nulls last limit ${limit} for update skip locked
    ), gone as (
      delete from ${o} using doomed where ${o}.id = doomed.id returning 1
    ) select count(*)::int as n from gone`,
    ["n"],
  );
  return { more: n === limit, counts: { outbox_messages: n } };
}
