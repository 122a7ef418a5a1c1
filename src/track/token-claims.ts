import { AppError } from "../shared/errors.ts";

export interface TokenRules {
  /** Longest life a token may have, `exp - (iat ?? now)`, in seconds. */
  maxLifetimeSeconds: number;
  /** Clock skew allowed between the backend that minted the token and us. */
  skewSeconds: number;
  issuer?: string | undefined;
  audience?: string | undefined;
}

const refuse = (message: string) => new AppError("unauthorized", message);

/** A time claim: absent, or a finite number of Unix seconds. Anything else is refused. */
function timeClaim(payload: Record<string, unknown>, name: string): number | undefined {
  const value = payload[name];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw refuse(`token ${name} must be a number of Unix seconds`);
  }
  return value;
}

/**
 * The claims of a Messenger token whose signature is already verified. A token lives at most
 * `maxLifetimeSeconds` from when it was issued (or from now, without `iat`): a token that
 * leaks from a page is then useful for a day, not for the ten years its `exp` might claim.
 * Time claims of the wrong type are refused rather than skipped, because skipping them turns
 * a malformed token into one with no limits.
 */
export function checkTokenClaims(
  payload: Record<string, unknown>,
  rules: TokenRules,
  now: number,
): { userId: string } {
  const exp = timeClaim(payload, "exp");
  const nbf = timeClaim(payload, "nbf");
  const iat = timeClaim(payload, "iat");
  const skew = rules.skewSeconds;
  if (exp === undefined) throw refuse("token has no exp");
  if (exp + skew <= now) throw refuse("token expired");
  if (nbf !== undefined && nbf - skew > now) throw refuse("token not valid yet");
  if (iat !== undefined && iat - skew > now) throw refuse("token issued in the future");
  if (exp - (iat ?? now) > rules.maxLifetimeSeconds) {
    throw refuse(
      `token lives longer than ${rules.maxLifetimeSeconds} s (TRACK_JWT_MAX_LIFETIME_SECONDS)`,
    );
  }
  if (rules.issuer !== undefined && payload.iss !== rules.issuer) {
    throw refuse("token iss is not the expected issuer");
  }
  if (rules.audience !== undefined && !audienceIncludes(payload.aud, rules.audience)) {
    throw refuse("token aud does not include the expected audience");
  }
  const userId = payload.user_id;
  if (typeof userId !== "string" || userId.length === 0) throw refuse("token has no user_id");
  return { userId };
}

/** RFC 7519: `aud` is one string or an array of them. */
function audienceIncludes(aud: unknown, expected: string): boolean {
  return Array.isArray(aud) ? aud.includes(expected) : aud === expected;
}
