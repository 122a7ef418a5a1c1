import type { Child } from "hono/jsx";
import type { WritebackProgress } from "../../writeback/read.ts";
import type { LatestAlert } from "../data/alerts.ts";
import type { AuditEntries } from "../data/audit.ts";
import type { ChartData } from "../data/charts.ts";
import type { DeliveriesSummary } from "../data/deliveries.ts";
import type { OutboxSummary } from "../data/outbox.ts";
import type { LatestRuns } from "../data/runs.ts";
import { AlertsSection } from "./alerts.tsx";
import { AuditSection } from "./audit.tsx";
import { ColumnChart, HBarChart } from "./charts.tsx";
import { CustomersSection } from "./customers.tsx";
import { money } from "./format.ts";
import { HealthSection, type HealthView } from "./health.tsx";
import { Layout } from "./layout.tsx";
import { DeliveriesSection, OutboxSection } from "./queues.tsx";
import { RunsTable, SyncButtons } from "./runs.tsx";
import { WritebackButtons, WritebackTable } from "./writeback.tsx";

export interface DashboardData {
  operator: string;
  now: Date;
  health: HealthView;
  runs: LatestRuns;
  writeback: WritebackProgress[];
  deliveries: DeliveriesSummary;
  outbox: OutboxSummary;
  alerts: LatestAlert[];
  customers: Parameters<typeof CustomersSection>[0];
  charts: ChartData;
  audit: AuditEntries;
}

/** A section whose body the script can re-fetch from `/dashboard/live/<live>`. */
function Section(props: { id: string; title: string; live?: string; children: Child }) {
  return (
    <section id={props.id} class="card">
      <h2>{props.title}</h2>
      <div data-live={props.live}>{props.children}</div>
    </section>
  );
}

function ChartsSection({ charts, runs }: { charts: ChartData; runs: LatestRuns }) {
  return (
    <div class="charts">
      <HBarChart
        title="MRR by plan"
        bars={charts.mrrByPlan.map((p) => ({ label: p.plan, value: p.mrr }))}
        format={money}
      />
      <ColumnChart
        title="Customers by quality score"
        bars={charts.qualityBands.map((b) => ({ label: b.label, value: b.count }))}
        labelEvery={2}
      />
      <ColumnChart
        title="Conversations per day, 30 days"
        bars={charts.conversationsPerDay.map((d) => ({ label: d.day.slice(5), value: d.count }))}
        labelEvery={7}
      />
      <ColumnChart
        title="Sync throughput of the last runs"
        bars={runs.throughput.map((t) => ({ label: t.kind.slice(0, 4), value: t.perSecond }))}
        labelEvery={2}
        unit="/s"
      />
    </div>
  );
}

export function dashboardPage(d: DashboardData) {
  return (
    "<!doctype html>" +
    (
      <Layout title="Dashboard · intercom-bridge" operator={d.operator}>
        <nav class="toc">
          {[
            "health",
            "runs",
            "writeback",
            "deliveries",
            "outbox",
            "alerts",
            "customers",
            "charts",
            "audit",
          ].map((id) => (
            <a href={`#${id}`}>{id}</a>
          ))}
          {/* A page of its own: its lists and search would double this one's size. */}
          <a href="/dashboard/accounts">accounts →</a>
        </nav>
        <p id="notice" role="status" aria-live="polite" />
        <Section id="health" title="Health" live="health">
          <HealthSection {...d.health} />
        </Section>
        <section id="runs" class="card">
          <h2>Sync runs</h2>
          <SyncButtons />
          <div data-live="runs">
            <RunsTable runs={d.runs} />
          </div>
        </section>
        <section id="writeback" class="card">
          <h2>Write-back</h2>
          <WritebackButtons />
          <div data-live="writeback">
            <WritebackTable runs={d.writeback} />
          </div>
        </section>
        <Section id="deliveries" title="Webhook deliveries" live="deliveries">
          <DeliveriesSection summary={d.deliveries} />
        </Section>
        <Section id="outbox" title="Outbox" live="outbox">
          <OutboxSection summary={d.outbox} />
        </Section>
        <Section id="alerts" title="Alerts">
          <AlertsSection alerts={d.alerts} />
        </Section>
        <Section id="customers" title="Customers">
          <CustomersSection {...d.customers} />
        </Section>
        <Section id="charts" title="Charts">
          <ChartsSection charts={d.charts} runs={d.runs} />
        </Section>
        <Section id="audit" title="Audit log" live="audit">
          <AuditSection entries={d.audit} />
        </Section>
      </Layout>
    )
  );
}
