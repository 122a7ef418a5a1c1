import { createMiddleware } from "hono/factory";
import type { Services } from "../services.ts";
import { addressGroup } from "../shared/address-group.ts";
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
 * Address groups this isolate has seen go over the failure limit, until when: their next
 * failures are refused without another limiter call. Pruned as it grows, since IPv6 lets a
 * caller bring many groups.
 */
const blockedUntil = new Map<string, number>();
const MAX_BLOCKED = 10_000;

function block(group: string, now: number) {
  if (blockedUntil.size >= MAX_BLOCKED)
    for (const [key, until] of blockedUntil) if (until <= now) blockedUntil.delete(key);
  if (blockedUntil.size < MAX_BLOCKED) blockedUntil.set(group, now + FAILURE_PERIOD_SECONDS * 1000);
}

function refuseBlocked(): never {
  throw new AppError("rate_limited", "too many failed admin attempts from this address", {
    retryAfterSeconds: FAILURE_PERIOD_SECONDS,
  });
}

/**
 * Whether `given` is the admin key, under the failure throttle that every admin sign-in
 * shares (the bearer routes and the dashboard's form).
 *
 * The rule: the key is checked first, and the throttle only counts and refuses failures. A
 * right key is never refused, because the throttle cannot tell the operator from whoever
 * shares their address (an office NAT, a carrier's NAT, an IPv6 /64): refusing every key from
 * a busy address would let anyone there lock the operator out by sending wrong ones. What
 * stops guessing is the key itself (32+ characters outside local runs: far beyond any rate of
 * guesses); the throttle makes failing callers back off with a 429 and keeps them cheap.
 * Failures are grouped by address group (IPv6 by /64, src/shared/address-group.ts), so
 * rotating through one subscriber's addresses does not reset the count.
 */
export async function checkAdminKey(
  { config, clock }: Pick<Services, "config" | "clock">,
  clientAddress: string | undefined,
  given: string | undefined,
) {
  if (given && (await sameSecret(given, config.ADMIN_API_KEY))) return true;
  const group = `${config.INTERCOM_WORKSPACE_ID}:${addressGroup(clientAddress ?? "local")}`;
  const now = clock.now().getTime();
  if ((blockedUntil.get(group) ?? 0) > now) refuseBlocked();
  // Failed attempts (missing or wrong keys) per group: [[ratelimits]] in wrangler.toml,
  // required outside local runs (src/config/production.ts).
  const counted = await config.ADMIN_FAILURE_LIMITER?.limit({ key: group });
  if (counted && !counted.success) {
    block(group, now);
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
