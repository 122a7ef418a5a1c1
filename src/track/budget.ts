import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { trackBudgets } from "../db/schema/track.ts";
import { AppError } from "../shared/errors.ts";
import { hmacHex } from "../shared/hmac.ts";

/** A budget is so many events per this period, and refills at that rate. */
const TRACK_BUDGET_PERIOD_SECONDS = 60;

interface TrackSpend {
  workspaceId: string;
  userId: string;
  /** The budget address of the caller (see budgetAddress). */
  address: string;
  /** Events this request adds: only newly stored rows, so a retried request costs nothing. */
  events: number;
  now: Date;
  limits: { perUser: number; perAddress: number };
  /** Keys the subject hashes, so the table holds no user id or address. */
  hashKey: string;
}

/**
 * Spends a request's events from its user's and its address's leaky bucket, or throws
 * rate_limited (429, Retry-After: until enough has drained) having spent neither.
 *
 * A bucket holds at most the budget and drains at budget per period, continuously: no burst
 * above the budget at any boundary (fixed minutes let a caller land two budgets across one),
 * and at most budget + rate × t in any t seconds.
 *
 * Why Postgres and not the [[ratelimits]] binding: the binding counts one per call, its limit
 * is fixed in wrangler.toml, and its counters are per Cloudflare location, so it cannot cap
 * events (up to 50 a call) or follow a setting. Here one statement adds n to both buckets
 * under their row locks, each only if it stays within its limit, and works across isolates.
 * It runs in the transaction that stores the events: a refusal throws, which rolls the
 * stored rows back too, so a request is accepted whole or not at all. Every limit is at least
 * one full request (src/config/env.ts), so a first insert never needs the check.
 */
export async function spendTrackBudget(db: Executor, spend: TrackSpend): Promise<void> {
  if (spend.events <= 0) return;
  const [user, address] = await Promise.all([
    hmacHex(spend.hashKey, `user:${spend.userId}`),
    hmacHex(spend.hashKey, `address:${spend.address}`),
  ]);
  const at = spend.now.toISOString();
  const ws = spend.workspaceId;
  const n = spend.events;
  const limit = sql`case b.scope when 'user' then ${spend.limits.perUser}::float8
    else ${spend.limits.perAddress}::float8 end`;
  // What is left in a bucket now; another isolate's clock behind the row's drains nothing.
  const left = sql`greatest(0, b.level - greatest(0, extract(epoch from
    (${at}::timestamptz - b.updated_at))) * ${limit} / ${TRACK_BUDGET_PERIOD_SECONDS})`;
  // Rows go user first, then address, in every request: locks are always taken in one order.
  const spent = await db.execute<{ scope: string }>(sql`
    insert into ${trackBudgets} as b (workspace_id, scope, subject_hash, level, updated_at)
    values (${ws}, 'user', ${user}, ${n}, ${at}::timestamptz),
           (${ws}, 'address', ${address}, ${n}, ${at}::timestamptz)
    on conflict (workspace_id, scope, subject_hash) do update
      set level = ${left} + excluded.level,
          updated_at = greatest(b.updated_at, excluded.updated_at)
      where ${left} + excluded.level <= ${limit}
    returning scope`);
  const granted = new Set(spent.rows.map((r) => r.scope));
  if (granted.size === 2) return;
  // Refused: wait until the fuller of the refused buckets has room for this request.
  const levels = await db.execute<{ scope: string; wait: number }>(sql`
    select b.scope, (${left} + ${n} - ${limit}) * ${TRACK_BUDGET_PERIOD_SECONDS} / ${limit} as wait
    from ${trackBudgets} b
    where b.workspace_id = ${ws} and (b.scope, b.subject_hash) in (('user', ${user}), ('address', ${address}))`);
  const wait = Math.max(
    0,
    ...levels.rows.filter((r) => !granted.has(r.scope)).map((r) => Number(r.wait)),
  );
  const what = granted.has("user") ? "client address" : "user";
  throw new AppError("rate_limited", `too many events for this ${what}; slow down`, {
    retryAfterSeconds: Math.max(1, Math.ceil(wait)),
  });
}
