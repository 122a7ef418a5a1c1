import { hmacHex } from "../shared/hmac.ts";

/**
 * Dashboard session rules. The cookie carries a random token and nothing else: no expiry, no
 * subject, no signature, and no value derived from the admin key, so a copied cookie lets no
 * one test key guesses offline. What the token opens lives in Postgres (dashboard_sessions),
 * keyed by its HMAC under DASHBOARD_SESSION_SECRET, so a session ends for everyone holding
 * the cookie as soon as its row is revoked.
 */
export const SESSION_COOKIE = "dashboard_session";
export const SESSION_SECONDS = 8 * 3600;
/** last_seen_at is written at most this often: the live fragments poll every second. */
export const TOUCH_SECONDS = 60;

const TOKEN_BYTES = 32;
/** base64url of 32 bytes, unpadded. Anything else is not ours and costs no query. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** A new session token: 256 random bits, base64url. */
export function newSessionToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(TOKEN_BYTES));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

export function isSessionToken(value: string | undefined): value is string {
  return value !== undefined && TOKEN_SHAPE.test(value);
}

/**
 * What the sessions table keys a token by. Keyed (not a plain hash) so that writing a row
 * into the table, without the secret, cannot mint a session.
 */
export function sessionTokenHash(secret: string, token: string): Promise<string> {
  return hmacHex(secret, `dashboard session\u0000${token}`);
}

const AGENTS: Array<[RegExp, string]> = [
  [/\bEdg\//, "Edge"],
  [/\bFirefox\//, "Firefox"],
  [/\bChrom(e|ium)\//, "Chrome"],
  [/\bSafari\//, "Safari"],
  [/^curl\//, "curl"],
];

/**
 * Where a session came from, coarse enough to say nothing about a person: a two-letter
 * country (Cloudflare's `request.cf.country`) and a browser family. Never the address or
 * the user agent itself.
 */
export function sessionOrigin(
  country: unknown,
  userAgent: string | undefined,
): { fromCountry: string | null; fromAgent: string | null } {
  const code = typeof country === "string" && /^[A-Z]{2}$/.test(country) ? country : null;
  const agent = userAgent ? (AGENTS.find(([re]) => re.test(userAgent))?.[1] ?? "other") : null;
  return { fromCountry: code, fromAgent: agent };
}
