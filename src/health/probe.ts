import { sql } from "drizzle-orm";
import type { Config } from "../config/env.ts";
import type { Database } from "../db/client.ts";
import type { Logger } from "../shared/logger.ts";
import { withTimeout } from "./timeout.ts";

type DependencyStatus = "ok" | "degraded" | "down";

/** What the public `GET /health` shows: states only, no counts, times or error text. */
export interface PublicHealth {
  status: DependencyStatus;
  checks: { database: DependencyStatus; intercom: DependencyStatus };
  intercom_configured: boolean;
}

/** A result, not a connection, is kept: Workers cannot reuse a socket across requests. */
const CACHE_MS = 5_000;
const PROBE_TIMEOUT_MS = 3_000;
/** A probe slower than this answers, but the database is degraded. */
const SLOW_MS = 1_000;

/** The database is a getter: a cached answer opens no connection. */
interface ProbeDeps {
  db: () => Database;
  config: Pick<Config, "DATABASE_URL" | "INTERCOM_ACCESS_TOKEN">;
  logger: Logger;
}

const probed = new Map<string, { at: number; database: DependencyStatus }>();

/**
 * At most one `select 1` per isolate and database every few seconds, however often `/health`
 * is called; a load balancer polling it does not open a connection per call.
 */
export async function publicHealth(
  services: ProbeDeps,
  now: number = Date.now(),
): Promise<PublicHealth> {
  const key = services.config.DATABASE_URL;
  let entry = probed.get(key);
  if (!entry || now - entry.at >= CACHE_MS) {
    entry = { at: now, database: await probeDatabase(services) };
    probed.set(key, entry);
  }
  const intercomConfigured = Boolean(services.config.INTERCOM_ACCESS_TOKEN);
  const intercom: DependencyStatus = intercomConfigured ? "ok" : "degraded";
  const status: DependencyStatus =
    entry.database === "down"
      ? "down"
      : entry.database === "ok" && intercom === "ok"
        ? "ok"
        : "degraded";
  return {
    status,
    checks: { database: entry.database, intercom },
    intercom_configured: intercomConfigured,
  };
}

async function probeDatabase(services: ProbeDeps): Promise<DependencyStatus> {
  const started = Date.now();
  try {
    await withTimeout(services.db().execute(sql`select 1`), PROBE_TIMEOUT_MS);
    return Date.now() - started > SLOW_MS ? "degraded" : "ok";
  } catch (error) {
    // The cause goes to the log (value-free, by the logger's rule), never to the public body.
    services.logger.warn("health probe failed", { error });
    return "down";
  }
}
