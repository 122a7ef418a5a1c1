import { latestAlertsByKind } from "../../dashboard/data/alerts.ts";
import { chartData } from "../../dashboard/data/charts.ts";
import { customerLists, searchCustomers } from "../../dashboard/data/customers.ts";
import { deliveriesSummary } from "../../dashboard/data/deliveries.ts";
import { outboxSummary } from "../../dashboard/data/outbox.ts";
import { latestRuns } from "../../dashboard/data/runs.ts";
import { checkHealth } from "../../health/check.ts";
import { readGate } from "../../intercom/gate/durable-gate.ts";
import type { Services } from "../../services.ts";
import type { HealthView } from "./views/health.tsx";
import type { DashboardData } from "./views/page.tsx";

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

export const loadDeliveries = (services: Services) =>
  deliveriesSummary(services.db(), services.clock.now());

export const loadOutbox = (services: Services) =>
  outboxSummary(services.db(), services.config.INTERCOM_WORKSPACE_ID);

/** Everything the page shows; one query after another, on the invocation's one connection. */
export async function loadDashboard(
  services: Services,
  operator: string,
  query: string | undefined,
): Promise<DashboardData> {
  const { config, clock } = services;
  const db = services.db();
  const workspace = config.INTERCOM_WORKSPACE_ID;
  const now = clock.now();
  const health = await loadHealth(services);
  const runs = await loadRuns(services);
  const deliveries = await loadDeliveries(services);
  const outbox = await loadOutbox(services);
  const alerts = await latestAlertsByKind(db, workspace);
  const lists = await customerLists(db, workspace, config.HIGH_VALUE_MRR);
  const found = query ? await searchCustomers(db, workspace, query) : null;
  const charts = await chartData(db, workspace, now);
  return {
    operator,
    now,
    health,
    runs,
    deliveries,
    outbox,
    alerts,
    customers: { ...lists, query, found, highValueMrr: config.HIGH_VALUE_MRR, now },
    charts,
  };
}
