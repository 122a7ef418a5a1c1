import type { Command } from "commander";
import { InputError } from "../config.ts";
import { err, line } from "../output.ts";
import { followRun, KINDS } from "../runs.ts";
import type { Context } from "./context.ts";
import { printRunSummary, startOrFollow } from "./sync.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Incremental runs of both kinds every `--interval` minutes, each shown as it runs. */
export function registerWatch(program: Command, ctx: Context) {
  program
    .command("watch")
    .description("start incremental runs of both kinds on an interval and show each, until Ctrl-C")
    .option("--interval <minutes>", "minutes between rounds (0.1-1440)", "15")
    .option("--json", "one JSON line per finished run")
    .action(async (o: { interval: string; json?: boolean }) => {
      const minutes = Number(o.interval);
      if (!Number.isFinite(minutes) || minutes < 0.1 || minutes > 1440)
        throw new InputError(
          `--interval ${o.interval} is not a number of minutes from 0.1 to 1440`,
        );
      // Ctrl-C is how watch ends: not a failure. A run under way goes on in the service.
      process.once("SIGINT", () => {
        process.stderr.write("\nstopped watching; a run under way goes on in the service\n");
        process.exit(0);
      });
      for (;;) {
        for (const kind of KINDS) {
          // A failed round (the service restarting, a network blip) is reported, not fatal:
          // watch is meant to be left running.
          try {
            const id = await startOrFollow(ctx, kind, { mode: "incremental" });
            const run = await followRun(ctx.api(), id, { quiet: !!o.json });
            if (o.json) process.stdout.write(`${JSON.stringify(run)}\n`);
            else printRunSummary(run);
          } catch (error) {
            process.stderr.write(`${err.red("error:")} ${kind}: ${(error as Error).message}\n`);
          }
        }
        const next = new Date(Date.now() + minutes * 60_000);
        if (!o.json) line(`next round at ${next.toISOString().slice(11, 19)}Z (Ctrl-C stops)`);
        await sleep(minutes * 60_000);
      }
    });
}
