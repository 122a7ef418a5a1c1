import { isIP } from "node:net";
import { join } from "node:path";
import { readDevVars } from "../dev/dev-vars.ts";

/** Where `npm start` serves the Worker (scripts/dev/start.ts), and its local admin key. */
export const DEFAULT_BRIDGE_URL = "http://127.0.0.1:8787";
const LOCAL_ADMIN_KEY = "local-admin-key";

export interface Target {
  baseUrl: string;
  adminKey: string;
}

/**
 * The service to talk to and its key, both from one source: the environment (BRIDGE_URL with
 * ADMIN_API_KEY), else the checkout's `.dev.vars` (what `npm start` reads), else `npm start`'s
 * local defaults. Mixing sources would send one service's key to another (a deployed URL with
 * the local key file, or a real key to `npm start`), so a key without its URL is refused. The
 * key travels as a bearer token: to anything but this machine only over https.
 */
export function resolveTarget(env: NodeJS.ProcessEnv = process.env): Target {
  const devVars = readDevVars(join(import.meta.dirname, "..", "..", ".dev.vars"));
  const source = env.BRIDGE_URL
    ? { name: "the environment", url: env.BRIDGE_URL, key: env.ADMIN_API_KEY }
    : env.ADMIN_API_KEY
      ? null
      : devVars.BRIDGE_URL
        ? { name: ".dev.vars", url: devVars.BRIDGE_URL, key: devVars.ADMIN_API_KEY }
        : {
            name: "local defaults",
            url: DEFAULT_BRIDGE_URL,
            key: devVars.ADMIN_API_KEY || LOCAL_ADMIN_KEY,
          };
  if (!source)
    throw new InputError("ADMIN_API_KEY is set without BRIDGE_URL: set both, or neither");
  if (!source.key)
    throw new InputError(`BRIDGE_URL comes from ${source.name}: set ADMIN_API_KEY there too`);
  let url: URL;
  try {
    url = new URL(source.url);
  } catch {
    throw new InputError(`BRIDGE_URL is not a URL: ${source.url}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new InputError(`BRIDGE_URL must be http(s): ${source.url}`);
  if (url.protocol === "http:" && !isLoopback(url.hostname))
    throw new InputError(
      `BRIDGE_URL must be https unless it is this machine: the admin key would travel in clear to ${url.host}`,
    );
  return { baseUrl: url.toString().replace(/\/$/, ""), adminKey: source.key };
}

/** `localhost`, 127.0.0.0/8 and ::1: addresses that never leave this machine. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  return isIP(host) === 6 && (host === "::1" || host === "0:0:0:0:0:0:0:1");
}

/** Bad input, refused before any request is sent (exit 2). */
export class InputError extends Error {
  override readonly name = "InputError";
}
