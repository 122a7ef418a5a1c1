const encoder = new TextEncoder();
// One import per secret, hash and isolate: a sync page hashes a few hundred identifiers, and
// importing a key costs more than the HMAC itself.
const keys = new Map<string, Promise<CryptoKey>>();

/** The HMAC key of `secret`, for signing and verifying. */
export function hmacKey(secret: string, hash: "SHA-1" | "SHA-256"): Promise<CryptoKey> {
  const id = `${hash}\u0000${secret}`;
  let key = keys.get(id);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash }, false, [
      "sign",
      "verify",
    ]);
    keys.set(id, key);
  }
  return key;
}

export function toHex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The bytes of a hex string its caller has checked is hex of even length. */
export function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
}

/**
 * Hex HMAC-SHA256: a keyed hash, where a plain one could be reversed by guessing (all 2^32 IPv4
 * addresses, likely user ids and emails) or forged by whoever can write the table.
 */
export async function hmacHex(secret: string, text: string): Promise<string> {
  return toHex(
    await crypto.subtle.sign("HMAC", await hmacKey(secret, "SHA-256"), encoder.encode(text)),
  );
}
