import type { InferResponseType } from "hono/client";
import { type Api, type Client, param } from "./api.ts";
import { err, line, out, printTable, progressBar, shortTime, statusColour } from "./output.ts";

/** `GET /v1/writeback/{run_id}`: a write-back run with its counts, progress and sample. */
export type WritebackView = InferResponseType<Client["v1"]["writeback"][":run_id"]["$get"], 200>;

type Value = WritebackView["sample"][number]["new"][string];

/** Planning and writing go on in the service; succeeded and failed are where a run ends. */
export const ended = (run: Pick<WritebackView, "status">) =>
  run.status === "succeeded" || run.status === "failed";

/** `planning contacts`, `writing`, `succeeded`: the status, and while planning what it plans. */
const stateOf = (run: WritebackView) =>
  run.status === "planning" ? `planning ${run.progress.phase}` : run.status;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const readWriteback = (api: Api, id: string) =>
  api.ok((c) => c.v1.writeback[":run_id"].$get({ param: { run_id: param(id) } }));

/**
 * Polls a run until it has succeeded or failed. On a terminal (stderr) a bar shows the run's
 * own fraction (planning over the contacts, then its writes settling) with what it has
 * planned, written and still waits for; elsewhere a line every few seconds; with `quiet`
 * (--json) nothing, so stdout holds only the caller's JSON.
 */
export async function followWriteback(
  api: Api,
  id: string,
  options: { quiet: boolean; pollMs?: number },
): Promise<WritebackView> {
  const bar = progressBar(
    `${err.cyan("{what}")} {bar} {percentage}% | {state} | contacts {scanned}/{total} | planned {planned} | written {written} | pending {pending} | failures {failures}`,
    options.quiet,
  );
  let lastLine = 0;
  for (let started = false; ; ) {
    const run = await readWriteback(api, id);
    const p = run.progress;
    const payload = {
      what: run.dry_run ? "write-back (dry run)" : "write-back",
      state: stateOf(run),
      scanned: p.contacts_scanned,
      total: p.contacts_total,
      planned: run.contacts_planned + run.companies_planned,
      written: run.contacts_written + run.companies_written,
      pending: p.writes_pending,
      failures: run.failures.count,
    };
    // Thousandths: the service rounds its fraction to three places.
    const done = Math.round(p.fraction * 1000);
    if (bar && !started) bar.start(1000, done, payload);
    else if (bar) bar.update(done, payload);
    else if (!options.quiet && Date.now() - lastLine > 5000) {
      lastLine = Date.now();
      process.stderr.write(
        `${payload.what}: ${payload.state}, ${Math.round(p.fraction * 100)}%, contacts ${payload.scanned}/${payload.total}, planned ${payload.planned}, written ${payload.written}, pending ${payload.pending}, failures ${payload.failures}\n`,
      );
    }
    started = true;
    if (ended(run)) {
      bar?.stop();
      return run;
    }
    await sleep(options.pollMs ?? 1000);
  }
}

const seconds = (run: WritebackView) =>
  run.finished_at
    ? `${Math.max(0, Math.round((Date.parse(run.finished_at) - Date.parse(run.created_at)) / 1000))} s`
    : "so far";

const shown = (value: Value | undefined) =>
  value === null || value === undefined ? "-" : JSON.stringify(value);

/** A target's changed attributes, one per line: `bridge_mrr  120 -> 150`. */
export function changesOf(sample: WritebackView["sample"][number]): string {
  return Object.entries(sample.new)
    .map(([name, value]) => `${name}  ${shown(sample.old[name])} -> ${shown(value)}`)
    .join("\n");
}

/** A run for people: what it did or would do, what failed or was refused, a dry run's sample. */
export function printWriteback(run: WritebackView): void {
  const kind = run.dry_run ? "dry run" : "run";
  const state = ended(run)
    ? `${statusColour(run.status)} in ${seconds(run)}`
    : `${statusColour(run.status)}${run.status === "planning" ? ` ${run.progress.phase}` : ""}, ${Math.round(run.progress.fraction * 100)}% done`;
  line(`write-back ${kind} ${run.run_id} (${run.trigger}): ${state}`);
  const written = run.dry_run ? "" : `, ${run.contacts_written} written`;
  line(
    `  contacts: ${run.contacts_planned} ${run.dry_run ? "would be written" : "planned"}${written}, ${run.contacts_unchanged} unchanged, ${run.contacts_skipped} skipped (erased or suppressed)`,
  );
  const companiesWritten = run.dry_run ? "" : `, ${run.companies_written} written`;
  line(
    `  companies: ${run.companies_planned} ${run.dry_run ? "would be written" : "planned"}${companiesWritten}, ${run.companies_unchanged} unchanged`,
  );
  if (run.attributes) {
    const { contact, company, created } = run.attributes;
    const made =
      created.length === 0
        ? ""
        : `; ${run.dry_run ? "would create" : "created"} ${created.join(", ")}`;
    line(`  attributes: ${contact.length} on contacts, ${company.length} on companies${made}`);
  }
  if (!run.dry_run && (run.progress.writes_pending > 0 || run.progress.writes_dropped > 0))
    line(
      `  writes: ${run.progress.writes_pending} pending, ${run.progress.writes_dropped} superseded or cancelled`,
    );
  if (run.error) line(`  ${out.red("error:")} ${run.error}`);
  if (run.failures.count > 0) {
    line(out.bold(`failures: ${run.failures.count} (the next run sends them again)`));
    printTable(
      ["model", "intercom id", "error"],
      run.failures.items.map((f) => [f.model, f.intercom_id, f.error]),
    );
  }
  if (run.refused.count > 0) {
    line(out.bold(`refused: ${run.refused.count} values Intercom would not take`));
    printTable(
      ["model", "intercom id", "why"],
      run.refused.items.map((r) => [r.model, r.intercom_id, r.error]),
    );
  }
  if (run.dry_run && run.sample.length > 0) {
    const of = run.contacts_planned + run.companies_planned;
    line(out.bold(`sample: ${run.sample.length} of ${of}, old -> new`));
    printTable(
      ["model", "intercom id", "changes"],
      run.sample.map((s) => [s.model, s.intercom_id, changesOf(s)]),
    );
  }
}

/** One row of `writeback list`. */
export function listRow(run: WritebackView): unknown[] {
  return [
    shortTime(run.created_at),
    run.run_id,
    run.dry_run ? "dry run" : "real",
    run.trigger,
    statusColour(run.status),
    `${Math.round(run.progress.fraction * 100)}%`,
    run.contacts_planned,
    run.dry_run ? "-" : run.contacts_written,
    run.contacts_unchanged,
    run.failures.count,
  ];
}

export const LIST_HEAD = [
  "created",
  "id",
  "kind",
  "trigger",
  "status",
  "done",
  "planned",
  "written",
  "unchanged",
  "failed",
];
