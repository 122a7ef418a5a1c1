import { type Command, Option } from "commander";
import type { InferRequestType } from "hono/client";
import {
  BULK_REPLAYABLE,
  type BulkReplayable,
  replayFilterSchema,
} from "../../../src/webhooks/replay-filter.ts";
import { type Api, type Client, param } from "../api.ts";
import { InputError } from "../config.ts";
import { line, printJson } from "../output.ts";
import type { Context } from "./context.ts";

interface ReplayOptions {
  workspaceId?: string;
  status?: BulkReplayable;
  topic?: string;
  since?: string;
  until?: string;
  wait: boolean;
  json?: boolean;
}

/** `POST /v1/webhooks/deliveries/replay`'s body. */
type BulkBody = InferRequestType<Client["v1"]["webhooks"]["deliveries"]["replay"]["$post"]>["json"];

/** What became of a bulk replay: `waiting` are the ones still `received` when we stopped. */
export interface Outcome {
  applied: number;
  ignored: number;
  dead: number;
  failed: number;
  waiting: number;
}

/** How long the CLI waits for replayed deliveries to be applied, and how often it looks. */
const WAIT_MS = 60_000;
const POLL_MS = 1_000;
/** Flags that make `replay` a bulk replay; a delivery key replays one. */
const BULK_FLAGS = ["status", "topic", "since", "until"] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The body of `POST /v1/webhooks/deliveries/replay`, checked with the service's own rule
 * (src/webhooks/replay-filter.ts), so bad input is refused here before anything is sent.
 */
export function bulkBody(o: ReplayOptions & { status: BulkReplayable }): BulkBody {
  const body = {
    status: o.status,
    ...(o.workspaceId === undefined ? {} : { workspace_id: o.workspaceId }),
    ...(o.topic === undefined ? {} : { topic: o.topic }),
    ...(o.since === undefined ? {} : { since: o.since }),
    ...(o.until === undefined ? {} : { until: o.until }),
  };
  const parsed = replayFilterSchema.safeParse(body);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const flag = String(issue?.path[0] ?? "status").replace("workspace_id", "workspace-id");
    throw new InputError(`--${flag} ${issue?.message ?? "is invalid"}`);
  }
  return body;
}

/** One delivery by its key: the single replay, as before. */
async function replayOne(ctx: Context, key: string, o: ReplayOptions) {
  const query = o.workspaceId === undefined ? {} : { workspace_id: o.workspaceId };
  const replayed = await ctx
    .api()
    .ok((c) =>
      c.v1.webhooks.deliveries[":key"].replay.$post({ param: { key: param(key) }, query }),
    );
  if (o.json) return printJson(replayed);
  line(
    replayed.changed
      ? `delivery ${replayed.delivery_key} queued to be applied again`
      : `delivery ${replayed.delivery_key} was already waiting to be applied; queued again`,
  );
}

/**
 * Calls the bulk replay until it says there are no more. Every call after the first passes
 * the first one's `as_of` as `processed_before`: a delivery replayed by an earlier call and
 * already processed again (ignored again, say) is not taken a second time, so the loop ends.
 */
async function replayAll(api: Api, body: BulkBody, quiet: boolean) {
  let replayed = 0;
  let asOf: string | undefined;
  for (;;) {
    const json = { ...body, ...(asOf === undefined ? {} : { processed_before: asOf }) };
    const answer = await api.ok((c) => c.v1.webhooks.deliveries.replay.$post({ json }));
    asOf ??= answer.as_of;
    replayed += answer.replayed;
    if (!answer.more) return { replayed, asOf };
    if (!quiet) process.stderr.write(`replayed ${replayed} so far; more match, going on\n`);
  }
}

/**
 * Polls the counts of the filter's deliveries processed since the replay began until none is
 * waiting, or the wait is over. Deliveries in the same window that arrived or were retried
 * meanwhile count too: the service keeps no mark of which rows a replay took.
 */
async function outcomeOf(api: Api, body: BulkBody, asOf: string) {
  const { status: _, ...filter } = body;
  const query = { ...filter, processed_since: asOf };
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const counts = await api.ok((c) => c.v1.webhooks.deliveries.counts.$get({ query }));
    if (counts.received === 0 || Date.now() >= deadline) {
      const { applied, ignored, dead, failed, received: waiting } = counts;
      return { applied, ignored, dead, failed, waiting } satisfies Outcome;
    }
    await sleep(POLL_MS);
  }
}

function describeOutcome(o: Outcome): string {
  const parts = [`${o.applied} applied`, `${o.ignored} ignored`, `${o.dead} dead`];
  parts.push(`${o.failed} failed`);
  if (o.waiting > 0) parts.push(`${o.waiting} still waiting after ${WAIT_MS / 1000} s`);
  return parts.join(", ");
}

async function replayMany(ctx: Context, o: ReplayOptions & { status: BulkReplayable }) {
  const body = bulkBody(o);
  const { replayed, asOf } = await replayAll(ctx.api(), body, Boolean(o.json));
  if (!o.wait || replayed === 0) {
    if (o.json) printJson({ replayed, as_of: asOf, outcome: null });
    else line(`replayed ${replayed} deliver${replayed === 1 ? "y" : "ies"}`);
    return;
  }
  if (!o.json) process.stderr.write(`replayed ${replayed}; waiting for them to be applied\n`);
  const stop = () => {
    process.stderr.write("\nstopped waiting; the replayed deliveries go on in the service\n");
    process.exit(130);
  };
  process.once("SIGINT", stop);
  try {
    const outcome = await outcomeOf(ctx.api(), body, asOf);
    if (o.json) printJson({ replayed, as_of: asOf, outcome });
    else line(`replayed ${replayed}: ${describeOutcome(outcome)}`);
    // Dead, failed or still waiting: the replay did not fix everything.
    if (outcome.dead + outcome.failed + outcome.waiting > 0) process.exitCode = 1;
  } finally {
    process.off("SIGINT", stop);
  }
}

/**
 * `replay <key>` applies one dead or failed delivery again; `replay --status S [--topic T]
 * [--since D] [--until D]` replays every delivery that matches (src/webhooks/replay-bulk.ts),
 * then waits for them and counts what they became. A key with bulk flags is refused (exit 2).
 */
export function registerReplay(program: Command, ctx: Context) {
  program
    .command("replay")
    .description(
      "apply webhook deliveries again: one dead or failed delivery by its key (as `deliveries` lists it), or with --status every delivery that matches, then wait and count what they became",
    )
    .argument("[delivery-key]", "one delivery's dedupe key; leave out with --status")
    .option("--workspace-id <id>", "the delivery's workspace (with a key: when it is in several)")
    .addOption(
      new Option("--status <status>", "replay every delivery with this status").choices(
        BULK_REPLAYABLE,
      ),
    )
    .option("--topic <topic>", "only deliveries of this topic (exact)")
    .option("--since <date>", "only deliveries received from (ISO date or date-time with zone)")
    .option("--until <date>", "... and received before this")
    .option("--no-wait", "print how many were replayed and return at once")
    .option("--json", "machine output only")
    .action(async (key: string | undefined, o: ReplayOptions) => {
      const bulkFlags = BULK_FLAGS.filter((f) => o[f] !== undefined).map((f) => `--${f}`);
      if (!o.wait) bulkFlags.push("--no-wait");
      if (key !== undefined && bulkFlags.length > 0)
        throw new InputError(
          `a delivery key replays that one delivery: ${bulkFlags.join(", ")} ${bulkFlags.length === 1 ? "is" : "are"} for replaying many (leave out the key)`,
        );
      if (key !== undefined) return replayOne(ctx, key, o);
      if (o.status === undefined)
        throw new InputError(
          "name a delivery key, or --status dead|failed|ignored (with --topic, --since, --until) to replay many",
        );
      return replayMany(ctx, { ...o, status: o.status });
    });
}
