import { createMiddleware } from "hono/factory";
import type { Services } from "../services.ts";
import { AppError } from "../shared/errors.ts";
import type { AppEnv } from "./app-env.ts";

const encoder = new TextEncoder();

/** Compares digests, so the time taken tells nothing about how much of the key matched. */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(given)),
    crypto.subtle.digest("SHA-256", encoder.encode(expected)),
  ]);
  return crypto.subtle.timingSafeEqual(a, b);
}

const FAILURE_PERIOD_SECONDS = 60;
/**
 * Addresses this isolate has seen go over the failure limit, until when. The limiter binding
 * can only count (each call is one more), so without this an address over the limit would
 * still have every guess checked; with it, each isolate checks at most one more.
 */
const blockedUntil = new Map<string, number>();

function refuseBlocked(): never {
  throw new AppError("rate_limited", "too many failed admin attempts from this address", {
    retryAfterSeconds: FAILURE_PERIOD_SECONDS,
  });
}

/**
 * Whether `given` is the admin key, under the failure throttle that every admin sign-in shares
 * (the bearer routes and the dashboard's form): an address over the limit gets rate_limited
 * and its keys are not checked.
 */
export async function checkAdminKey(
  { config, clock }: Pick<Services, "config" | "clock">,
  clientAddress: string | undefined,
  given: string | undefined,
) {
  const address = `${config.INTERCOM_WORKSPACE_ID}:${clientAddress ?? "local"}`;
  const now = clock.now().getTime();
  if ((blockedUntil.get(address) ?? 0) > now) refuseBlocked();
  if (given && (await sameSecret(given, config.ADMIN_API_KEY))) return true;
  // Failed attempts (missing or wrong keys) are counted per address: [[ratelimits]] in wrangler.toml.
  const counted = await config.ADMIN_FAILURE_LIMITER?.limit({ key: address });
  if (counted && !counted.success) {
    blockedUntil.set(address, now + FAILURE_PERIOD_SECONDS * 1000);
    refuseBlocked();
  }
  return false;
}

/** `Authorization: Bearer <ADMIN_API_KEY>` for operator and server-to-server routes. */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
  if (await checkAdminKey(c.var.services, c.req.header("cf-connecting-ip"), token)) return next();
  throw new AppError("unauthorized", token ? "invalid bearer token" : "missing bearer token");
});
