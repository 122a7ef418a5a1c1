import type { Command } from "commander";
import { param } from "../api.ts";
import { printJson, printRecord, printTable, statusColour } from "../output.ts";
import { type RunListed, recordsOf } from "../runs.ts";
import type { Context } from "./context.ts";
import { uuid } from "./dead-letters.ts";
import { limitOption } from "./lists.ts";

const windowOf = (r: RunListed) =>
  r.range
    ? `${r.range.since?.slice(0, 10) ?? "…"} to ${r.range.until?.slice(0, 10) ?? "…"}`
    : r.hours_back !== null
      ? `${r.hours_back} h back`
      : "all";

export function registerRuns(program: Command, ctx: Context) {
  const runs = program
    .command("runs")
    .description("sync runs, newest first (`runs show <id>` for one with its progress)")
    // Without it the list's `--json` took `runs show <id> --json`'s, which printed a table.
    .enablePositionalOptions()
    .addOption(limitOption(200, "20"))
    .option("--json", "machine output only")
    .action(async (o: { limit: string; json?: boolean }) => {
      const rows = await ctx
        .api()
        .list((c, page) => c.v1.sync.runs.$get({ query: page }), Number(o.limit));
      if (o.json) return printJson(rows);
      printTable(
        [
          "started",
          "id",
          "kind",
          "mode",
          "window",
          "status",
          "records",
          "pages",
          "429s",
          "failures",
          "seconds",
        ],
        rows.map((r) => [
          r.started_at,
          r.run_id,
          r.kind,
          r.mode,
          windowOf(r),
          statusColour(r.status),
          recordsOf(r),
          r.pages,
          r.rate_limited,
          r.failures,
          r.duration_seconds,
        ]),
      );
    });
  runs
    .command("show")
    .description("one run with its live progress")
    .argument("<id>", "the run's id")
    .option("--json", "machine output only")
    .action(async (id: string, o: { json?: boolean }) => {
      const run = await ctx
        .api()
        .ok((c) => c.v1.sync.runs[":id"].$get({ param: { id: param(uuid(id, "run id")) } }));
      if (o.json) return printJson(run);
      const { progress, ...rest } = run;
      printRecord({
        ...rest,
        status: statusColour(run.status),
        window: windowOf(run),
        ...progress,
      });
    });
}
