import {
  ACCOUNT_FIGURES,
  attributesOf,
  attributeValue,
  CONTACT_FIGURES,
  DEFAULT_PREFIX,
  type PlannedAttribute,
} from "../../../src/writeback/figures.ts";
import type { Sandbox } from "../../sandbox/server.ts";
import { type Lifetime, waitForRuns } from "./lifetime.ts";
import type { WritebackView } from "./service.ts";

/** The incremental contact run between the two write-back runs. */
const SYNC_LIMIT_MS = 6 * 60_000;
/**
 * A write-back run takes as long as its writes at the Worker's pace: locally wrangler dev sends
 * one outbox batch at a time (about 40 writes/s), so the full profile's 24,000 contacts and
 * companies take about 10 minutes. A run is stuck when no figure of its progress has moved for
 * STALL_MS, and failed past LIMIT_MS however it moves.
 */
const STALL_MS = 3 * 60_000;
const LIMIT_MS = 40 * 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The soak's Worker writes back with the default settings: every figure, prefix `bridge_`. */
const ATTRIBUTES = attributesOf({
  prefix: DEFAULT_PREFIX,
  contact: Object.keys(CONTACT_FIGURES) as Array<keyof typeof CONTACT_FIGURES>,
  account: Object.keys(ACCOUNT_FIGURES) as Array<keyof typeof ACCOUNT_FIGURES>,
});

/**
 * Figures that move with the clock alone: a 30-day window slides, a quality score ages with the
 * days since a person was seen, an account's health with its people seen in 30 days. Over the
 * minutes between the two runs a few truly change, and the second run rightly writes them.
 */
const AGING = new Set(
  ATTRIBUTES.filter((a) =>
    ["quality_score", "conversations_30d", "cancel_intent_30d", "health"].includes(a.column),
  ).map((a) => a.name),
);

export interface WritebackFigures {
  contactsWritten: number;
  companiesWritten: number;
  /** Contacts and companies whose attributes in the sandbox differ from our figures. */
  wrong: number;
  /** What a second run planned after an incremental contact run: none but aged figures. */
  plannedAfterSync: number;
  /** Of those, writes of figures that aged (AGING) and nothing else. */
  agedAfterSync: number;
}

/**
 * The write-back at the end of the lifetime: a real run writes our figures; the sandbox then
 * holds exactly them on every contact and company we compute them for; and after an
 * incremental contact run (which reads every contact the writes touched again) a second run
 * writes nothing but figures that aged meanwhile (AGING): anything else would be a loop.
 */
export async function checkWriteback(
  life: Lifetime,
  sandbox: Sandbox,
): Promise<{ figures: WritebackFigures; problems: string[] }> {
  const problems: string[] = [];
  life.log("write-back: a real run, then the sandbox against our figures");
  const first = await runToEnd(life, false);
  if (first.status !== "succeeded")
    problems.push(`write-back ended ${first.status}: ${first.error ?? ""}`);
  const wrong = await differences(life, sandbox, problems);
  const deadline = Date.now() + SYNC_LIMIT_MS;
  const sync = await life.service.startRun("contacts", "incremental", deadline);
  await waitForRuns(life, [sync], deadline);
  const second = await runToEnd(life, false);
  const plannedAfterSync = second.contacts_planned + second.companies_planned;
  const writes = await life.service.db.query<{ attributes: Record<string, unknown> }>(
    `select payload->'attributes' as attributes from outbox_messages
     where kind = 'writeback' and payload->>'runId' = $1`,
    [second.id],
  );
  const looping = writes.rows.filter((w) => Object.keys(w.attributes).some((k) => !AGING.has(k)));
  // A planned write not found in the outbox could be anything: it counts as a loop.
  if (looping.length > 0 || writes.rows.length < plannedAfterSync)
    problems.push(
      `write-back after an incremental sync planned ${plannedAfterSync} writes, ${looping.length} of figures that do not age (${[...new Set(looping.flatMap((w) => Object.keys(w.attributes)))].join(", ")})`,
    );
  return {
    figures: {
      contactsWritten: first.contacts_written,
      companiesWritten: first.companies_written,
      wrong,
      plannedAfterSync,
      agedAfterSync: writes.rows.length - looping.length,
    },
    problems,
  };
}

async function runToEnd(life: Lifetime, dryRun: boolean): Promise<WritebackView & { id: string }> {
  const started = Date.now();
  const id = await life.service.startWriteback(dryRun, started + LIMIT_MS);
  let lastSweep = 0;
  let progress = "";
  let movedAt = started;
  while (Date.now() - started < LIMIT_MS && Date.now() - movedAt < STALL_MS) {
    const run = await life.service.writeback(id);
    if (run && (run.status === "succeeded" || run.status === "failed")) return { ...run, id };
    const now = JSON.stringify([run?.status, run?.progress]);
    if (run && now !== progress) {
      progress = now;
      movedAt = Date.now();
    }
    // The sweep resumes a stalled planning run and puts a settled run's counts on it.
    if (Date.now() - lastSweep > 20_000) {
      lastSweep = Date.now();
      await life.service.sweep();
    }
    await sleep(1000);
  }
  throw new Error(
    Date.now() - movedAt >= STALL_MS
      ? `write-back run ${id} made no progress for ${STALL_MS / 60_000} min (${progress})`
      : `write-back run ${id} did not end in ${LIMIT_MS / 60_000} min`,
  );
}

/** Contacts and companies whose attributes in the sandbox are not our figures; named in `problems`. */
async function differences(life: Lifetime, sandbox: Sandbox, problems: string[]) {
  const { db, workspaceId } = life.service;
  const contacts = await db.query<{ id: string; figures: Record<string, unknown> }>(
    `select x.id, to_jsonb(cu) as figures from contacts x
     join customers cu on cu.workspace_id = x.workspace_id and cu.email = lower(x.email)
     where x.workspace_id = $1 and x.deleted_at is null and not x.archived
       and x.merged_into_id is null`,
    [workspaceId],
  );
  const accounts = await db.query<{ id: string; figures: Record<string, unknown> }>(
    `select a.intercom_id as id, to_jsonb(a) as figures from accounts a
     join companies co on co.workspace_id = a.workspace_id and co.id = a.intercom_id
     where a.workspace_id = $1 and co.deleted_at is null`,
    [workspaceId],
  );
  const ws = sandbox.workspace();
  const named: string[] = [];
  const check = (
    model: "contact" | "company",
    rows: Array<{ id: string; figures: Record<string, unknown> }>,
    held: (id: string) => Record<string, unknown> | undefined,
  ) => {
    const attributes = ATTRIBUTES.filter((a) => a.model === model);
    for (const row of rows) {
      const there = held(row.id);
      if (!there) continue; // Gone from the sandbox since: nothing to hold.
      const off = attributes.filter((a) => !same(a, row.figures, there));
      if (off.length > 0) named.push(`${model} ${row.id}: ${off.map((a) => a.name).join(", ")}`);
    }
  };
  check("contact", contacts.rows, (id) => ws.contacts.get(id)?.customAttributes);
  check("company", accounts.rows, (id) => ws.companies.get(id)?.customAttributes);
  if (named.length > 0)
    problems.push(
      `write-back: ${named.length} differ in the sandbox (${named.slice(0, 5).join("; ")})`,
    );
  return named.length;
}

function same(
  attribute: PlannedAttribute,
  figures: Record<string, unknown>,
  there: Record<string, unknown>,
): boolean {
  const ours = attributeValue(attribute, figures[attribute.column]);
  return (there[attribute.name] ?? null) === ours;
}
