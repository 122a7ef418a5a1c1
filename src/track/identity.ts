// hono/jwt is Hono's JWT utility (no framework types): the issue asks for Hono's own helpers
// rather than hand-rolled token parsing.
import { verify } from "hono/jwt";
import type { Clock } from "../shared/clock.ts";
import { AppError } from "../shared/errors.ts";
import { fromHex, hmacKey } from "../shared/hmac.ts";
import { checkTokenClaims, type TokenRules } from "./token-claims.ts";

interface BrowserProof {
  /** The Messenger security JWT from `Authorization: Bearer …`. */
  bearer: string | null;
  /** Legacy identity verification: `user_id` + hex HMAC-SHA256(secret, user_id). */
  userId?: string | undefined;
  userHash?: string | undefined;
}

interface ProvenIdentity {
  userId: string;
  method: "jwt" | "user_hash";
}

const encoder = new TextEncoder();
const DEFAULT_SKEW_SECONDS = 60;

interface IdentityDeps {
  messengerSecret: string | undefined;
  clock: Clock;
  /** False turns the legacy user_hash proof off (TRACK_ALLOW_USER_HASH). */
  allowUserHash: boolean;
  token: Omit<TokenRules, "skewSeconds"> & { skewSeconds?: number };
}

/**
 * Proves which user a browser call speaks for, with the same secret Intercom's Messenger
 * security uses. The algorithm is pinned to HS256 (so `alg: none` or RS256 confusion fails),
 * and time claims are checked here against the injected clock with a small skew, because
 * hono's own time checks read the wall clock and allow no skew.
 */
export async function verifyBrowserIdentity(
  proof: BrowserProof,
  deps: IdentityDeps,
): Promise<ProvenIdentity> {
  if (!deps.messengerSecret) {
    throw new AppError("configuration", "INTERCOM_MESSENGER_SECRET is not set: /v1/track is off");
  }
  if (proof.bearer) return verifyJwt(proof.bearer, deps.messengerSecret, deps);
  if (proof.userId && proof.userHash) {
    // A user_hash never expires and cannot be revoked short of rotating the secret: an
    // operator who has moved the Messenger to JWTs can refuse it outright.
    if (!deps.allowUserHash) {
      throw new AppError(
        "unauthorized",
        "user_hash is turned off here (TRACK_ALLOW_USER_HASH=false); send a Messenger JWT",
      );
    }
    return verifyUserHash(proof.userId, proof.userHash, deps.messengerSecret);
  }
  throw new AppError(
    "unauthorized",
    "send a Messenger JWT (Authorization: Bearer) or user_id with user_hash",
  );
}

async function verifyJwt(token: string, secret: string, deps: IdentityDeps) {
  let payload: Record<string, unknown>;
  try {
    payload = await verify(token, secret, { alg: "HS256", exp: false, nbf: false, iat: false });
  } catch (error) {
    throw new AppError("unauthorized", `invalid token: ${(error as Error).name}`);
  }
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const rules = { skewSeconds: DEFAULT_SKEW_SECONDS, ...deps.token };
  const { userId } = checkTokenClaims(payload, rules, now);
  return { userId, method: "jwt" } satisfies ProvenIdentity;
}

async function verifyUserHash(
  userId: string,
  userHash: string,
  secret: string,
): Promise<ProvenIdentity> {
  if (!/^[0-9a-f]{64}$/i.test(userHash))
    throw new AppError("unauthorized", "user_hash is not a hex SHA-256 HMAC");
  const key = await hmacKey(secret, "SHA-256");
  // crypto.subtle.verify compares in constant time.
  if (!(await crypto.subtle.verify("HMAC", key, fromHex(userHash), encoder.encode(userId)))) {
    throw new AppError("unauthorized", "user_hash does not match user_id");
  }
  return { userId, method: "user_hash" };
}
