import { join } from "node:path";
import { readDevVars } from "../local/dev-vars.ts";

/** Where `npm start` serves the Worker (scripts/start.ts), and its local admin key. */
export const DEFAULT_BRIDGE_URL = "http://127.0.0.1:8787";
const LOCAL_ADMIN_KEY = "local-admin-key";

export interface Target {
  baseUrl: string;
  adminKey: string;
}

/**
 * The service to talk to: BRIDGE_URL and ADMIN_API_KEY from the environment, else from the
 * checkout's `.dev.vars` (what `npm start` reads), else `npm start`'s local defaults. The same
 * CLI then works against `npm start` and a deployed Worker.
 */
export function resolveTarget(env: NodeJS.ProcessEnv = process.env): Target {
  const devVars = readDevVars(join(import.meta.dirname, "..", "..", ".dev.vars"));
  const raw = env.BRIDGE_URL || devVars.BRIDGE_URL || DEFAULT_BRIDGE_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InputError(`BRIDGE_URL is not a URL: ${raw}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new InputError(`BRIDGE_URL must be http(s): ${raw}`);
  return {
    baseUrl: url.toString().replace(/\/$/, ""),
    adminKey: env.ADMIN_API_KEY || devVars.ADMIN_API_KEY || LOCAL_ADMIN_KEY,
  };
}

/** Bad input, refused before any request is sent (exit 2). */
export class InputError extends Error {
  override readonly name = "InputError";
}
