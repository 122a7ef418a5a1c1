import { checkHealth } from "../../health/check.ts";
import { readGate } from "../../intercom/gate/durable-gate.ts";
import type { Services } from "../../services.ts";
import { listWritebackRuns } from "../../writeback/read.ts";
import { latestAlertsByKind } from "../data/alerts.ts";
import { recentAudit } from "../data/audit.ts";
import { chartData } from "../data/charts.ts";
import { customerLists } from "../data/customers.ts";
import { deliveriesSummary } from "../data/deliveries.ts";
import { outboxSummary } from "../data/outbox.ts";
import { latestRuns } from "../data/runs.ts";
import type { HealthView } from "../views/health.tsx";
import type { DashboardData } from "../views/page.tsx";

/** Health as `GET /v1/health` computes it, with the rate-limit gate's state. */
export async function loadHealth(services: Services): Promise<HealthView> {
  const { config, clock } = services;
  const [report, gate] = await Promise.all([
    checkHealth(services),
    readGate(services.gates, config.INTERCOM_WORKSPACE_ID).catch(() => null),
  ]);
  return { report, gate, now: clock.now() };
}

export const loadRuns = (services: Services) =>
  latestRuns(services.db(), services.config.INTERCOM_WORKSPACE_ID, services.clock.now());

/** The write-back runs the section shows: enough to see a preview beside the runs after it. */
const WRITEBACK_RUNS_SHOWN = 5;

export const loadWriteback = (services: Services) =>
  listWritebackRuns(services.db(), services.config.INTERCOM_WORKSPACE_ID, WRITEBACK_RUNS_SHOWN);

export const loadDeliveries = (services: Services) =>
  deliveriesSummary(services.db(), services.clock.now());

export const loadAudit = (services: Services) =>
  recentAudit(services.db(), services.config.INTERCOM_WORKSPACE_ID);

export const loadOutbox = (services: Services) =>
  outboxSummary(services.db(), services.config.INTERCOM_WORKSPACE_ID, services.clock.now());

/** Everything the page shows; one query after another, on the invocation's one connection. */
export async function loadDashboard(services: Services, operator: string): Promise<DashboardData> {
  const { config, clock } = services;
  const db = services.db();
  const workspace = config.INTERCOM_WORKSPACE_ID;
  const now = clock.now();
  const health = await loadHealth(services);
  const runs = await loadRuns(services);
  const writeback = await loadWriteback(services);
  const deliveries = await loadDeliveries(services);
  const outbox = await loadOutbox(services);
  const alerts = await latestAlertsByKind(db, workspace);
  const lists = await customerLists(db, workspace, config.HIGH_VALUE_MRR);
  const charts = await chartData(db, workspace, now);
  const audit = await loadAudit(services);
  return {
    operator,
    now,
    health,
    runs,
    writeback,
    deliveries,
    outbox,
    alerts,
    customers: { ...lists, highValueMrr: config.HIGH_VALUE_MRR, now },
    charts,
    audit,
  };
}
