import { createRemoteJWKSet, jwtVerify } from "jose";

export interface AccessSettings {
  /** `https://<team>.cloudflareaccess.com`: the tokens' issuer. */
  teamUrl: string;
  audience: string;
  /** Tests only; otherwise the team's `/cdn-cgi/access/certs`. */
  certsUrl?: string | undefined;
}

/**
 * Key sets by URL, kept per isolate: jose caches the fetched keys and refetches on an unknown
 * `kid` (Access rotates its keys), so a request does not pay for a certs fetch each time.
 */
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keySetFor(url: string) {
  let keys = keySets.get(url);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(url));
    keySets.set(url, keys);
  }
  return keys;
}

/**
 * Who Cloudflare Access says is calling (`Cf-Access-Jwt-Assertion`): the email, or the
 * subject for a service token; null for a token that does not verify against the team's keys,
 * audience and issuer.
 */
export async function accessIdentity(
  token: string,
  settings: AccessSettings,
): Promise<string | null> {
  const url = settings.certsUrl ?? `${settings.teamUrl}/cdn-cgi/access/certs`;
  try {
    const { payload } = await jwtVerify(token, keySetFor(url), {
      issuer: settings.teamUrl,
      audience: settings.audience,
      algorithms: ["RS256", "ES256"],
    });
    const email = typeof payload.email === "string" ? payload.email : undefined;
    const common = typeof payload.common_name === "string" ? payload.common_name : undefined;
    return email ?? common ?? payload.sub ?? null;
  } catch {
    return null;
  }
}
