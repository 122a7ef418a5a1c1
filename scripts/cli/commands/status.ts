import type { Command } from "commander";
import { line, out, printJson, printTable, statusColour } from "../output.ts";
import { KINDS, recordsOf } from "../runs.ts";
import type { Context } from "./context.ts";

/** Health, the latest run of each kind, backlogs and dead letters, in one look. */
export function registerStatus(program: Command, ctx: Context) {
  program
    .command("status")
    .description("health, the latest run of each kind, webhook and outbox backlogs, dead letters")
    .option("--json", "machine output only")
    .action(async (options: { json?: boolean }) => {
      const api = ctx.api();
      const health = await api.answer((c) => c.v1.health.$get(), [200, 503]);
      if (!health.body?.checks) throw new Error(health.error);
      const runs = (await api.ok((c) => c.v1.sync.runs.$get({ query: { limit: "50" } }))).data;
      const latest = Object.fromEntries(
        KINDS.map((kind) => [kind, runs.find((r) => r.kind === kind) ?? null]),
      );
      const deadDeliveries = await api.list(
        (c, page) => c.v1.webhooks.deliveries.$get({ query: { ...page, status: "dead" } }),
        10,
      );
      const deadOutbox = await api.list(
        (c, page) => c.v1.outbox.$get({ query: { ...page, status: "dead" } }),
        10,
      );
      const { checks } = health.body;
      const status = {
        status: health.body.status,
        database: checks.database,
        intercom: checks.intercom,
        latest_runs: latest,
        webhooks: checks.webhooks ?? null,
        outbox: checks.outbox ?? null,
        dead_letters: {
          deliveries: deadDeliveries.map((d) => ({
            delivery_key: d.delivery_key,
            topic: d.topic,
            last_error: d.last_error,
            received_at: d.received_at,
          })),
          outbox: deadOutbox.map((o) => ({
            id: o.id,
            kind: o.kind,
            last_error: o.last_error,
            created_at: o.created_at,
          })),
        },
      };
      if (options.json) return printJson(status);
      line(`${out.bold("service")}  ${statusColour(status.status)}  ${api.baseUrl}`);
      line(
        `${out.bold("database")} ${statusColour(checks.database.status)}  ${checks.database.error ?? `${checks.database.latency_ms ?? "?"} ms`}`,
      );
      line(
        `${out.bold("intercom")} ${statusColour(checks.intercom.status)}  ${checks.intercom.workspace?.name ?? checks.intercom.error ?? checks.intercom.detail ?? ""}`,
      );
      line();
      printTable(
        ["kind", "latest run", "mode", "status", "started", "records", "seconds"],
        KINDS.map((kind) => {
          const r = latest[kind];
          return [
            kind,
            r?.run_id,
            r?.mode,
            r ? statusColour(r.status) : null,
            r?.started_at,
            r ? recordsOf(r) : null,
            r?.duration_seconds,
          ];
        }),
      );
      printTable(
        ["backlog", "pending", "failed", "unsure", "dead"],
        (["webhooks", "outbox"] as const).map((k) => [
          k,
          checks[k]?.pending,
          checks[k]?.failed,
          checks[k]?.unsure,
          checks[k]?.dead,
        ]),
      );
      if (deadDeliveries.length + deadOutbox.length > 0) {
        line(out.bold("dead letters (replay <delivery-key> / retry <outbox-id>)"));
        printTable(
          ["what", "key or id", "topic or kind", "last error"],
          [
            ...status.dead_letters.deliveries.map((d) => [
              "delivery",
              d.delivery_key,
              d.topic,
              d.last_error,
            ]),
            ...status.dead_letters.outbox.map((o) => ["outbox", o.id, o.kind, o.last_error]),
          ],
        );
      }
    });
}
