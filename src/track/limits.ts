import { AppError } from "../shared/errors.ts";

/** Seconds a caller waits after a refusal: the period of the [[ratelimits]] bindings. */
export const TRACK_LIMIT_PERIOD_SECONDS = 60;

/**
 * Per-user and per-client-address limits for the browser route, on Cloudflare's Workers Rate
 * Limiting bindings (per-location counters: a brake on abuse, not an exact quota).
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
