import { fromHex, hmacKey, toHex } from "../shared/hmac.ts";

const encoder = new TextEncoder();

const SIGNATURE_HEADER = /^sha1=([0-9a-f]{40})$/;

/**
 * Checks Intercom's `X-Hub-Signature: sha1=<hex>`: HMAC-SHA1 of the raw body bytes keyed by
 * the app's client secret. Any of `secrets` may match, so a secret can be rotated without
 * downtime. `crypto.subtle.verify` compares in constant time.
 */
export async function verifyIntercomSignature(
  body: Uint8Array<ArrayBuffer>,
  header: string | null | undefined,
  secrets: readonly string[],
): Promise<boolean> {
  const match = header ? SIGNATURE_HEADER.exec(header.trim().toLowerCase()) : null;
  if (!match?.[1]) return false;
  const signature = fromHex(match[1]);
  let valid = false;
  // Every secret is tried, so the time taken does not reveal which one matched.
  for (const secret of secrets) {
    const ok = await crypto.subtle.verify("HMAC", await hmacKey(secret, "SHA-1"), signature, body);
    valid ||= ok;
  }
  return valid;
}

/** The header value Intercom would send for `body`; used by the sender script and tests. */
export async function signIntercomBody(body: string | Uint8Array, secret: string): Promise<string> {
  const bytes = typeof body === "string" ? encoder.encode(body) : new Uint8Array(body);
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret, "SHA-1"), bytes);
  return `sha1=${toHex(mac)}`;
}
