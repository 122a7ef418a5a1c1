/**
 * Dashboard sessions. The cookie carries who signed in and until when, signed with HMAC
 * (Hono's signed cookies); never the admin key. The signing secret is DASHBOARD_SESSION_SECRET,
 * or derived from ADMIN_API_KEY with HKDF, so rotating the key signs every session out.
 */
export const SESSION_COOKIE = "dashboard_session";
export const SESSION_SECONDS = 8 * 3600;

const encoder = new TextEncoder();

export async function sessionSecret(config: {
  ADMIN_API_KEY: string;
  DASHBOARD_SESSION_SECRET?: string | undefined;
}): Promise<string> {
  if (config.DASHBOARD_SESSION_SECRET) return config.DASHBOARD_SESSION_SECRET;
  const base = await crypto.subtle.importKey(
    "raw",
    encoder.encode(config.ADMIN_API_KEY),
    "HKDF",
    false,
    ["deriveBits"],
  );
  const bits = await crypto.subtle.deriveBits(
    {
      name: "HKDF",
      hash: "SHA-256",
      salt: encoder.encode("intercom-bridge"),
      info: encoder.encode("dashboard session v1"),
    },
    base,
    256,
  );
  return [...new Uint8Array(bits)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export interface Session {
  subject: string;
  expiresAt: number;
}

/** `<expiry unix seconds>.<subject>`: what the signed cookie holds. */
export function sessionValue(subject: string, now: Date): string {
  const expiresAt = Math.floor(now.getTime() / 1000) + SESSION_SECONDS;
  return `${expiresAt}.${encodeURIComponent(subject)}`;
}

/** The session a verified cookie value names, or null once it has expired. */
export function readSession(value: string, now: Date): Session | null {
  const match = /^(\d{1,12})\.(.{1,400})$/.exec(value);
  if (!match) return null;
  const expiresAt = Number(match[1]);
  if (expiresAt * 1000 <= now.getTime()) return null;
  try {
    return { subject: decodeURIComponent(match[2] ?? ""), expiresAt };
  } catch {
    return null;
  }
}
