import type { Command } from "commander";
import { line, printJson, printTable } from "../output.ts";
import {
  followWriteback,
  LIST_HEAD,
  listRow,
  printWriteback,
  readWriteback,
} from "../writeback.ts";
import type { Context } from "./context.ts";
import { uuid } from "./dead-letters.ts";
import { limitOption } from "./lists.ts";

interface StartOptions {
  dryRun?: boolean;
  wait: boolean;
  json?: boolean;
}

/**
 * `writeback [--dry-run]` starts a run and follows it to its end; `writeback list` and
 * `writeback show <run_id>` read runs. A 409 (another run is planning) is an error naming that
 * run, not a run to follow: it may be a real run where a dry one was asked for, or the reverse.
 */
export function registerWriteback(program: Command, ctx: Context) {
  const writeback = program
    .command("writeback")
    .description(
      "put our figures onto Intercom's contacts and companies, and follow the run (exit 0 only if it succeeded)",
    )
    // `writeback show <id> --json` is `show`'s, not the start's.
    .enablePositionalOptions()
    .option("--dry-run", "plan and report what a real run would write; write nothing")
    .option("--no-wait", "print the run id and return at once")
    .option("--json", "machine output only")
    .action(async (o: StartOptions) => {
      const dryRun = o.dryRun === true;
      const started = await ctx
        .api()
        .ok((c) => c.v1.writeback.$post({ json: { dry_run: dryRun } }));
      const id = started.run_id;
      if (!o.wait) {
        if (o.json) printJson(started);
        else line(id);
        return;
      }
      const run = await ctx.following(id, () =>
        followWriteback(ctx.api(), id, { quiet: o.json === true }),
      );
      if (o.json) printJson(run);
      else printWriteback(run);
      if (run.status !== "succeeded") process.exitCode = 1;
    });
  writeback
    .command("list")
    .description("the latest write-back runs, newest first")
    // `GET /v1/writeback`'s own bound (src/http/schemas/writeback.ts), refused here first.
    .addOption(limitOption(50, "10"))
    .option("--json", "machine output only")
    .action(async (o: { limit: string; json?: boolean }) => {
      const { data: runs } = await ctx
        .api()
        .ok((c) => c.v1.writeback.$get({ query: { limit: o.limit } }));
      if (o.json) return printJson(runs);
      printTable(LIST_HEAD, runs.map(listRow));
    });
  writeback
    .command("show")
    .description("one write-back run: counts, failures, refusals, a dry run's sample")
    .argument("<run_id>", "the run's id, as `writeback list` shows it")
    .option("--json", "machine output only")
    .action(async (id: string, o: { json?: boolean }) => {
      const run = await readWriteback(ctx.api(), uuid(id, "run id"));
      if (o.json) return printJson(run);
      printWriteback(run);
    });
}
