import { sql } from "drizzle-orm";
import { syncRuns, webhookDeliveries } from "../db/schema/index.ts";
import type { Services } from "../services.ts";
import { errorMessage } from "../shared/errors.ts";

export type HealthStatus = "ok" | "degraded" | "down";

export interface HealthReport {
  status: HealthStatus;
  checks: {
    database: { status: "ok" | "down"; latency_ms?: number; error?: string };
    intercom: { status: "ok" | "unconfigured"; detail?: string };
    webhooks?: { pending: number; failed: number; dead: number };
    /** The latest run of each sync kind: a failed or long-absent one wants a look. */
    syncs?: Record<string, { status: string; started_at: Date; finished_at: Date | null }>;
  };
}

const DATABASE_TIMEOUT_MS = 3000;

export async function checkHealth(
  services: Pick<Services, "db" | "config">,
): Promise<HealthReport> {
  const started = Date.now();
  let database: HealthReport["checks"]["database"];
  let webhooks: HealthReport["checks"]["webhooks"];
  let syncs: HealthReport["checks"]["syncs"];
  try {
    const counts = await withTimeout(
      services
        .db()
        .select({
          pending: sql<number>`count(*) filter (where ${webhookDeliveries.status} = 'received')::int`,
          failed: sql<number>`count(*) filter (where ${webhookDeliveries.status} = 'failed')::int`,
          dead: sql<number>`count(*) filter (where ${webhookDeliveries.status} = 'dead')::int`,
        })
        .from(webhookDeliveries)
        .where(sql`${webhookDeliveries.status} in ('received', 'failed', 'dead')`),
      DATABASE_TIMEOUT_MS,
    );
    database = { status: "ok", latency_ms: Date.now() - started };
    webhooks = counts[0] ?? { pending: 0, failed: 0, dead: 0 };
    const latest = await withTimeout(
      services
        .db()
        .selectDistinctOn([syncRuns.kind], {
          kind: syncRuns.kind,
          status: syncRuns.status,
          started_at: syncRuns.startedAt,
          finished_at: syncRuns.finishedAt,
        })
        .from(syncRuns)
        .where(sql`${syncRuns.workspaceId} = ${services.config.INTERCOM_WORKSPACE_ID}`)
        .orderBy(syncRuns.kind, sql`${syncRuns.startedAt} desc`),
      DATABASE_TIMEOUT_MS,
    );
    syncs = Object.fromEntries(latest.map(({ kind, ...run }) => [kind, run]));
  } catch (error) {
    database = { status: "down", error: errorMessage(error) };
  }
  const intercom: HealthReport["checks"]["intercom"] = services.config.INTERCOM_ACCESS_TOKEN
    ? { status: "ok" }
    : {
        status: "unconfigured",
        detail: "INTERCOM_ACCESS_TOKEN is not set: nothing can be sent to Intercom",
      };
  const status: HealthStatus =
    database.status === "down" ? "down" : intercom.status === "ok" ? "ok" : "degraded";
  return {
    status,
    checks: { database, intercom, ...(webhooks ? { webhooks } : {}), ...(syncs ? { syncs } : {}) },
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
