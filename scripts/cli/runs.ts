import type { InferResponseType } from "hono/client";
import { type Api, type Client, param } from "./api.ts";
import { err, progressBar, seconds } from "./output.ts";

/** `GET /v1/sync/runs/{id}`: a run with its live progress. */
export type RunView = InferResponseType<Client["v1"]["sync"]["runs"][":id"]["$get"], 200>;
/** A run as `GET /v1/sync/runs` lists it (no progress). */
export type RunListed = InferResponseType<
  Client["v1"]["sync"]["runs"]["$get"],
  200
>["data"][number];

export type Kind = RunListed["kind"];
/** Every kind the contract has (a missing one fails the typecheck: `satisfies`). */
const KIND_SET = { contacts: true, conversations: true, companies: true } satisfies Record<
  Kind,
  true
>;
export const KINDS = Object.keys(KIND_SET) as Kind[];

/** Records a run read: contacts, conversations or companies, by its kind (each run shows its own). */
export function recordsOf(run: RunListed): number {
  if (run.kind === "contacts") return run.contacts_synced;
  if (run.kind === "companies") return run.companies_synced ?? 0;
  return run.conversations_synced ?? 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls a run until it ends. On a terminal (stderr) a progress bar shows records done of
 * total, pages, rate, time left, 429s and failures; elsewhere a line every few seconds, and
 * with `quiet` (--json) nothing: stdout is left to the caller's summary.
 */
export async function followRun(
  api: Api,
  id: string,
  options: { quiet: boolean; pollMs?: number },
): Promise<RunView> {
  const bar = progressBar(
    `${err.cyan("{kind}")} {bar} {percentage}% | {value}/{totalShown} records | {pages} pages | {rate}/s | left {left} | 429s {limited} | failures {failures}`,
    options.quiet,
  );
  let lastLine = 0;
  for (let started = false; ; ) {
    const run = await api.ok((c) => c.v1.sync.runs[":id"].$get({ param: { id: param(id) } }));
    const p = run.progress;
    const done = p?.records_done ?? 0;
    const payload = {
      kind: `${run.kind} ${run.mode}`,
      totalShown: p?.records_total ?? "?",
      pages: p?.pages_done ?? run.pages,
      rate: p?.records_per_second ?? 0,
      left: seconds(p?.seconds_left),
      limited: run.rate_limited,
      failures: run.failures,
    };
    const total = Math.max(p?.records_total ?? done, done, 1);
    if (bar && !started) bar.start(total, done, payload);
    else if (bar) {
      bar.setTotal(total);
      bar.update(done, payload);
    } else if (!options.quiet && Date.now() - lastLine > 5000) {
      lastLine = Date.now();
      process.stderr.write(
        `${payload.kind}: ${done}/${payload.totalShown} records, ${payload.pages} pages, ${payload.rate}/s, left ${payload.left}, 429s ${payload.limited}, failures ${payload.failures}\n`,
      );
    }
    started = true;
    if (run.status !== "running") {
      bar?.stop();
      return run;
    }
    await sleep(options.pollMs ?? 1000);
  }
}

/** The run of `kind` under way now, if any (what a 409 on start refers to). */
export async function runningRunOf(api: Api, kind: Kind): Promise<RunListed | null> {
  const { data } = await api.ok((c) => c.v1.sync.runs.$get({ query: { limit: "20" } }));
  return data.find((r) => r.kind === kind && r.status === "running") ?? null;
}
