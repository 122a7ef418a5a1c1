import { addressGroup } from "../shared/address-group.ts";
import { hmacHex } from "../shared/hmac.ts";
import { type AuditActor, type AuditOrigin, REF_LENGTH } from "./actions.ts";

/**
 * The references an entry names its actor and origin by. Each is keyed by
 * DASHBOARD_SESSION_SECRET, which the database does not hold: the log can tell one key,
 * session or address from another, and says nothing about any of them without the secret.
 * Rotating the secret starts new references.
 */

/**
 * Which admin key: keyed by the session secret, which the database does not hold, so neither
 * the log nor the sessions table (which keeps it in full, src/sessions/store.ts: a session
 * opens only while its mark is the current key's) can be used to test key guesses.
 */
export function adminKeyMark(secret: string, adminKey: string): Promise<string> {
  return hmacHex(secret, `admin key\u0000${adminKey}`);
}

/** The admin key, as the start of the mark dashboard_sessions.key_mark holds in full. */
export async function adminKeyActor(secret: string, adminKey: string): Promise<AuditActor> {
  return { kind: "admin_key", ref: (await adminKeyMark(secret, adminKey)).slice(0, REF_LENGTH) };
}

/** A dashboard session, as the start of its row's token_hash (the token itself is never here). */
export function sessionRef(tokenHash: string): string {
  return tokenHash.slice(0, REF_LENGTH);
}

/**
 * Where a request came from, coarsely: an HMAC of its address group (an IPv6 /64 as one, as
 * the admin throttle counts them), never the address, which is personal data; an operator
 * who wants to know whether an entry came from their office hashes that address the same way.
 * The country is Cloudflare's two-letter code.
 */
export async function auditOrigin(
  secret: string,
  address: string | undefined,
  country: unknown,
): Promise<AuditOrigin> {
  const group = address ? addressGroup(address) : null;
  return {
    address: group
      ? (await hmacHex(secret, `audit address\u0000${group}`)).slice(0, REF_LENGTH)
      : null,
    country: typeof country === "string" && /^[A-Z]{2}$/.test(country) ? country : null,
  };
}
