import { AppError } from "../shared/errors.ts";

/** Seconds a caller waits after a refusal: the period of the [[ratelimits]] bindings. */
const TRACK_LIMIT_PERIOD_SECONDS = 60;

/**
 * A per-call brake for the browser route on Cloudflare's Workers Rate Limiting binding
 * (per-location counters of calls: a brake on floods, not a quota; the quotas are the event
 * budgets of src/track/budget.ts).
 */
export async function enforceTrackLimit(limiter: RateLimit | undefined, key: string, what: string) {
  if (!limiter) return;
  const { success } = await limiter.limit({ key });
  if (!success) {
    throw new AppError("rate_limited", `too many events for this ${what}; slow down`, {
      retryAfterSeconds: TRACK_LIMIT_PERIOD_SECONDS,
    });
  }
}
