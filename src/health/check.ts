import { sql } from "drizzle-orm";
import type { Config } from "../config/env.ts";
import type { Database } from "../db/client.ts";
import { outboxMessages, SYNC_KINDS, syncRuns, webhookDeliveries } from "../db/schema/index.ts";
import { textArray } from "../db/sql.ts";
import type { IntercomClient } from "../intercom/client.ts";
import { errorMessage } from "../shared/errors.ts";
import { checkToken, type TokenCheck } from "./identity.ts";
import { withTimeout } from "./timeout.ts";

type HealthStatus = "ok" | "degraded" | "down";

interface Backlog {
  pending: number;
  failed: number;
  dead: number;
}

/**
 * The operator's view (`GET /v1/health`, admin key): backlogs, latest runs, error causes, and
 * whom the Intercom token belongs to (a refused token makes the service degraded).
 */
export interface HealthReport {
  status: HealthStatus;
  checks: {
    /** `error` is the cause as errorMessage reports it: Postgres code and message, no values. */
    database: { status: "ok" | "down"; latency_ms?: number; error?: string };
    /** With a client: whom the token belongs to (`GET /me`), or why Intercom refused it. */
    intercom: {
      status: "ok" | "unconfigured" | "down";
      api_base: string;
      detail?: string;
      error?: string;
      workspace?: Extract<TokenCheck, { status: "ok" }>["workspace"];
      admin?: Extract<TokenCheck, { status: "ok" }>["admin"];
    };
    webhooks?: Backlog;
    outbox?: Backlog;
    /** The latest run of each sync kind: a failed or long-absent one wants a look. */
    syncs?: Record<string, { status: string; started_at: Date; finished_at: Date | null }>;
  };
}

const DATABASE_TIMEOUT_MS = 3000;

/** The database opened on first use (inside the timeout), and the settings the report names. */
interface HealthDeps {
  db: () => Database;
  config: Pick<Config, "INTERCOM_API_BASE" | "INTERCOM_ACCESS_TOKEN" | "INTERCOM_WORKSPACE_ID">;
  /** When given, the token is checked with Intercom too (one call, the admin's health only). */
  intercom?: () => IntercomClient | null;
}

export async function checkHealth(services: HealthDeps): Promise<HealthReport> {
  const started = Date.now();
  const client = services.intercom?.() ?? null;
  const token = client ? checkToken(client) : null;
  let database: HealthReport["checks"]["database"];
  let detail: Pick<HealthReport["checks"], "webhooks" | "outbox" | "syncs"> = {};
  try {
    detail = await withTimeout(readDetail(services), DATABASE_TIMEOUT_MS);
    database = { status: "ok", latency_ms: Date.now() - started };
  } catch (error) {
    database = { status: "down", error: errorMessage(error) };
  }
  const api_base = services.config.INTERCOM_API_BASE;
  const checked = token ? sameWorkspace(await token, services.config.INTERCOM_WORKSPACE_ID) : null;
  const intercom: HealthReport["checks"]["intercom"] = services.config.INTERCOM_ACCESS_TOKEN
    ? checked === null
      ? { status: "ok", api_base }
      : { api_base, ...checked }
    : {
        status: "unconfigured",
        api_base,
        detail: "INTERCOM_ACCESS_TOKEN is not set: nothing can be sent to Intercom",
      };
  const status: HealthStatus =
    database.status === "down" ? "down" : intercom.status === "ok" ? "ok" : "degraded";
  return { status, checks: { database, intercom, ...detail } };
}

/**
 * Webhooks are stored under the app_id they carry (the token's workspace), syncs under
 * INTERCOM_WORKSPACE_ID: apart, the same people live twice, each copy half-updated.
 */
function sameWorkspace(check: TokenCheck, configured: string): TokenCheck {
  if (check.status !== "ok" || check.workspace.id === null || check.workspace.id === configured)
    return check;
  return {
    status: "down",
    error: `INTERCOM_WORKSPACE_ID is ${configured}, but the token belongs to workspace ${check.workspace.id}: set it to ${check.workspace.id}`,
  };
}

async function readDetail(services: HealthDeps) {
  const db = services.db();
  const backlog = (status: typeof webhookDeliveries.status | typeof outboxMessages.status) => ({
    failed: sql<number>`count(*) filter (where ${status} = 'failed')::int`,
    dead: sql<number>`count(*) filter (where ${status} = 'dead')::int`,
  });
  // One after another, on one connection: an unreachable database fails the first.
  const webhooks = await db
    .select({
      pending: sql<number>`count(*) filter (where ${webhookDeliveries.status} = 'received')::int`,
      ...backlog(webhookDeliveries.status),
    })
    .from(webhookDeliveries)
    .where(sql`${webhookDeliveries.status} in ('received', 'failed', 'dead')`);
  const outbox = await db
    .select({
      pending: sql<number>`count(*) filter (where ${outboxMessages.status} = 'pending')::int`,
      ...backlog(outboxMessages.status),
      unsure: sql<number>`count(*) filter (where ${outboxMessages.status} = 'unsure')::int`,
    })
    .from(outboxMessages)
    .where(
      sql`${outboxMessages.workspaceId} = ${services.config.INTERCOM_WORKSPACE_ID}
          and ${outboxMessages.status} in ('pending', 'failed', 'unsure', 'dead')`,
    );
  // The newest run of each kind: the first of each kind in sync_runs_workspace_started_idx.
  const latest = await db.execute<{
    kind: string;
    status: string;
    started_ms: number;
    finished_ms: number | null;
  }>(sql`
    select r.kind, r.status,
      extract(epoch from r.started_at)::float8 * 1000 as started_ms,
      extract(epoch from r.finished_at)::float8 * 1000 as finished_ms
    from unnest(${textArray(SYNC_KINDS)}) as k(kind)
    cross join lateral (
      select ${syncRuns.kind} as kind, ${syncRuns.status} as status,
        ${syncRuns.startedAt} as started_at, ${syncRuns.finishedAt} as finished_at
      from ${syncRuns}
      where ${syncRuns.workspaceId} = ${services.config.INTERCOM_WORKSPACE_ID}
        and ${syncRuns.kind} = k.kind
      order by ${syncRuns.startedAt} desc
      limit 1
    ) r
    order by r.kind`);
  const none = { pending: 0, failed: 0, dead: 0 };
  return {
    webhooks: webhooks[0] ?? none,
    outbox: outbox[0] ?? { ...none, unsure: 0 },
    syncs: Object.fromEntries(
      latest.rows.map((r) => [
        r.kind,
        {
          status: r.status,
          started_at: new Date(Number(r.started_ms)),
          finished_at: r.finished_ms === null ? null : new Date(Number(r.finished_ms)),
        },
      ]),
    ),
  };
}
