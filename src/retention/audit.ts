import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { auditEvents as a } from "../db/schema/audit.ts";
import { countsOf } from "./batch.ts";

/** Audit entries older than the cutoff, oldest first through the `at` index. */
export async function purgeAudit(db: Executor, cutoff: Date, limit: number) {
  const { n } = await countsOf(
    db,
    sql`with doomed as (
      select ${a.id} from ${a} where ${a.at} < ${cutoff}
      order by ${a.at} limit ${limit} for update skip locked
    ), gone as (
      delete from ${a} using doomed where ${a}.id = doomed.id returning 1
    ) select count(*)::int as n from gone`,
    ["n"],
  );
  return { more: n === limit, counts: { audit_events: n } };
}
