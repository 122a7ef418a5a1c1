import { Argument, type Command } from "commander";
import type { InferRequestType } from "hono/client";
import { syncRequestSchema } from "../../../src/sync/window.ts";
import { ApiError, type Client } from "../api.ts";
import { InputError } from "../config.ts";
import { line, out, printJson, statusColour } from "../output.ts";
import { followRun, KINDS, type Kind, type RunListed, recordsOf, runningRunOf } from "../runs.ts";
import type { Context } from "./context.ts";

/** `POST /v1/sync/{kind}`'s body, the same for both kinds. */
export type SyncBody = InferRequestType<Client["v1"]["sync"]["contacts"]["$post"]>["json"];

interface SyncOptions {
  full?: boolean;
  since?: string;
  until?: string;
  hoursBack?: string;
  wait: boolean;
  json?: boolean;
}

/**
 * The request body, checked with the rule the service applies (src/sync/window.ts), so bad
 * input is refused here before anything is sent.
 */
export function syncBody(options: SyncOptions): SyncBody {
  const body = {
    ...(options.full || options.since || options.until ? { mode: "full" as const } : {}),
    ...(options.since === undefined ? {} : { since: options.since }),
    ...(options.until === undefined ? {} : { until: options.until }),
    ...(options.hoursBack === undefined ? {} : { hours_back: Number(options.hoursBack) }),
  };
  const parsed = syncRequestSchema(Math.floor(Date.now() / 1000)).safeParse(body);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const flag = String(issue?.path[0] ?? "").replace("hours_back", "hours-back");
    throw new InputError(`--${flag || "mode"} ${issue?.message ?? "is invalid"}`);
  }
  return body;
}

/**
 * Starts a run, or follows the one already under way (409). Returns its id. A 409 whose run
 * ended before it could be looked up is a race with its finish: starting again settles it.
 */
export async function startOrFollow(ctx: Context, kind: Kind, body: SyncBody): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      const started = await ctx.api().ok((c) => c.v1.sync[kind].$post({ json: body }));
      return started.id;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 409) throw error;
      const running = await runningRunOf(ctx.api(), kind);
      if (running) {
        process.stderr.write(
          `a ${kind} run is already under way (${running.run_id}): following it\n`,
        );
        return running.run_id;
      }
      if (attempt >= 3) throw error;
    }
  }
}

/** One line for people: what the run did, and its error if it has one. */
export function printRunSummary(run: RunListed): void {
  const records = recordsOf(run);
  const window = run.range
    ? `, created ${run.range.since ?? "…"} to ${run.range.until ?? "…"}`
    : run.hours_back !== null
      ? `, ${run.hours_back} h back`
      : "";
  line(
    `${run.kind} ${run.mode} run ${run.run_id}${window}: ${statusColour(run.status)} in ${run.duration_seconds} s`,
  );
  line(
    `  ${records ?? 0} records, ${run.pages} pages, ${run.created} created, ${run.updated} updated, ${run.tombstoned} tombstoned, 429s ${run.rate_limited}, failures ${run.failures}, errors ${run.errors}`,
  );
  if (run.last_error) line(`  ${out.red("last error:")} ${run.last_error}`);
}

export function registerSync(program: Command, ctx: Context) {
  program
    .command("sync")
    .description("start a sync run and follow it to the end (exit 0 only if it succeeded)")
    .addArgument(new Argument("<kind>", "what to sync").choices(KINDS))
    .option("--full", "a full run instead of an incremental one")
    .option(
      "--since <date>",
      "full run over contacts/conversations created from (ISO date or Unix seconds)",
    )
    .option("--until <date>", "... and created before this")
    .option("--hours-back <n>", "incremental run from N hours ago instead of the watermark")
    .option("--no-wait", "print the run id and return at once")
    .option("--json", "machine output only")
    .action(async (kind: Kind, options: SyncOptions) => {
      const body = syncBody(options);
      const id = await startOrFollow(ctx, kind, body);
      if (!options.wait) {
        if (options.json) printJson({ id, kind });
        else line(id);
        return;
      }
      const run = await ctx.following(id, () =>
        followRun(ctx.api(), id, { quiet: !!options.json }),
      );
      if (options.json) printJson(run);
      else printRunSummary(run);
      if (run.status !== "succeeded") process.exitCode = 1;
    });
}
