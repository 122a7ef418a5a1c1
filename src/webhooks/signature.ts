const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      "raw",
      encoder.encode(secret),
      { name: "HMAC", hash: "SHA-1" },
      false,
      ["sign", "verify"],
    );
    keyCache.set(secret, key);
  }
  return key;
}

const SIGNATURE_HEADER = /^sha1=([0-9a-f]{40})$/;

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

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
  const signature = hexToBytes(match[1]);
  let valid = false;
  // Every secret is tried, so the time taken does not reveal which one matched.
  for (const secret of secrets) {
    const ok = await crypto.subtle.verify("HMAC", await hmacKey(secret), signature, body);
    valid ||= ok;
  }
  return valid;
}

/** The header value Intercom would send for `body`; used by the sender script and tests. */
export async function signIntercomBody(body: string | Uint8Array, secret: string): Promise<string> {
  const bytes = typeof body === "string" ? encoder.encode(body) : new Uint8Array(body);
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), bytes);
  const hex = Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, "0")).join("");
  return `sha1=${hex}`;
}
