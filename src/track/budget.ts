import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { trackBudgets } from "../db/schema/track.ts";
import { AppError } from "../shared/errors.ts";
import { hmacHex } from "./subject-hash.ts";

export const TRACK_WINDOW_SECONDS = 60;

export interface TrackSpend {
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
 * Spends a request's events from its user's and its address's budget for the current minute,
 * or throws rate_limited (429, Retry-After: the rest of the minute) having spent neither.
 *
 * Why Postgres and not the [[ratelimits]] binding: the binding counts one per call, its limit
 * is fixed in wrangler.toml, and its counters are per Cloudflare location, so it cannot cap
 * events (up to 50 a call) or follow a setting. Here one statement adds n to both counters
 * under their row locks, each only if it stays within its limit, and works across isolates.
 * It runs in the transaction that stores the events: a refusal throws, which rolls the
 * stored rows back too, so a request is accepted whole or not at all.
 *
 * Windows are fixed minutes: across a boundary a caller can land two budgets in a short time,
 * never more than one per window. Every limit is at least one full request (src/config/env.ts),
 * so a first insert in a window never needs the check.
 */
export async function spendTrackBudget(db: Executor, spend: TrackSpend): Promise<void> {
  if (spend.events <= 0) return;
  const windowMs = TRACK_WINDOW_SECONDS * 1000;
  const windowStart = Math.floor(spend.now.getTime() / windowMs) * windowMs;
  const [user, address] = await Promise.all([
    hmacHex(spend.hashKey, `user:${spend.userId}`),
    hmacHex(spend.hashKey, `address:${spend.address}`),
  ]);
  const at = new Date(windowStart).toISOString();
  const ws = spend.workspaceId;
  const n = spend.events;
  // Rows go user first, then address, in every request: locks are always taken in one order.
  // A row already in a later window (another isolate's clock ahead) is counted into, not reset.
  const spent = await db.execute<{ scope: string }>(sql`
    insert into ${trackBudgets} as b (workspace_id, scope, subject_hash, window_start, events)
    values (${ws}, 'user', ${user}, ${at}::timestamptz, ${n}),
           (${ws}, 'address', ${address}, ${at}::timestamptz, ${n})
    on conflict (workspace_id, scope, subject_hash) do update
      set window_start = greatest(b.window_start, excluded.window_start),
          events = excluded.events
            + case when b.window_start >= excluded.window_start then b.events else 0 end
      where excluded.events
            + case when b.window_start >= excluded.window_start then b.events else 0 end
            <= case excluded.scope when 'user' then ${spend.limits.perUser}::int
                                   else ${spend.limits.perAddress}::int end
    returning scope`);
  const granted = new Set(spent.rows.map((r) => r.scope));
  if (granted.size === 2) return;
  const what = granted.has("user") ? "client address" : "user";
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((windowStart + windowMs - spend.now.getTime()) / 1000),
  );
  throw new AppError("rate_limited", `too many events for this ${what} this minute; slow down`, {
    retryAfterSeconds,
  });
}

/** The address a budget counts: src/shared/address-group.ts, as the admin throttle counts it. */
export { addressGroup as budgetAddress } from "../shared/address-group.ts";
