import { and, eq, gt, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { conversations } from "../../db/schema/conversations.ts";
import { customers } from "../../db/schema/customers.ts";

const DAY_MS = 86_400_000;

/** What the charts draw: MRR by plan, customers by quality score band, conversations per day. */
export async function chartData(db: Executor, workspaceId: string, now: Date) {
  const mine = eq(customers.workspaceId, workspaceId);
  const plans = await db
    .select({
      plan: sql<string>`coalesce(${customers.planName}, 'no plan')`,
      mrr: sql<number>`coalesce(sum(${customers.mrr}), 0)::float8`,
    })
    .from(customers)
    .where(mine)
    .groupBy(sql`1`)
    .orderBy(sql`2 desc`)
    .limit(8);
  // Bands of ten points: 0-9 ... 90-100 (100 joins the top band).
  const quality = await db
    .select({
      band: sql<number>`least(${customers.qualityScore} / 10, 9)::int`,
      count: sql<number>`count(*)::int`,
    })
    .from(customers)
    .where(and(mine, sql`${customers.qualityScore} is not null`))
    .groupBy(sql`1`);
  const since = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - 29 * DAY_MS);
  const perDay = await db
    .select({
      day: sql<string>`to_char(${conversations.intercomCreatedAt} at time zone 'UTC', 'YYYY-MM-DD')`,
      count: sql<number>`count(*)::int`,
    })
    .from(conversations)
    .where(
      and(eq(conversations.workspaceId, workspaceId), gt(conversations.intercomCreatedAt, since)),
    )
    .groupBy(sql`1`);
  const counts = new Map(perDay.map((d) => [d.day, d.count]));
  const days = Array.from({ length: 30 }, (_, i) => {
    const day = new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    return { day, count: counts.get(day) ?? 0 };
  });
  const bands = new Map(quality.map((q) => [q.band, q.count]));
  return {
    mrrByPlan: plans,
    qualityBands: Array.from({ length: 10 }, (_, band) => ({
      label: `${band * 10}`,
      count: bands.get(band) ?? 0,
    })),
    conversationsPerDay: days,
  };
}

export type ChartData = Awaited<ReturnType<typeof chartData>>;
