import { sql } from "drizzle-orm";
import type { Executor, Transaction } from "../db/client.ts";
import type { WritebackModel, WritebackRefusal, WritebackSample } from "../db/schema/writeback.ts";
import type { OutboxWrite } from "../outbox/payloads.ts";
import type { Accepted } from "../outbox/rows.ts";
import type { Candidate } from "./candidates.ts";
import { type Change, changesOf } from "./changes.ts";
import type { PlannedAttribute } from "./figures.ts";

/*
 * What one planning slice does with its chunk of targets: compares them, counts them, and
 * turns the changed ones into outbox rows and the targets' latest planned values.
 */

/** Write-back rows not yet delivered, dead or cancelled (the outbox's status index). */
export async function writesOnTheirWay(db: Executor, workspaceId: string): Promise<number> {
  const result = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from outbox_messages
    where workspace_id = ${workspaceId} and status in ('pending', 'failed', 'unsure')
      and kind = 'writeback'`);
  return result.rows[0]?.n ?? 0;
}

export interface Compared {
  changed: Array<{ candidate: Candidate; change: Change }>;
  refusals: WritebackRefusal[];
}

export function compare(candidates: readonly Candidate[], attributes: readonly PlannedAttribute[]) {
  const compared: Compared = { changed: [], refusals: [] };
  for (const candidate of candidates) {
    const { change, refusals } = changesOf(attributes, candidate.figures, candidate.baseline);
    for (const error of refusals)
      compared.refusals.push({ model: candidate.model, intercom_id: candidate.id, error });
    if (change) compared.changed.push({ candidate, change });
  }
  return compared;
}

export function countsOf(model: WritebackModel, scanned: number, changed: number, skipped: number) {
  const unchanged = scanned - changed - skipped;
  return model === "contact"
    ? {
        contacts_scanned: sql`contacts_scanned + ${scanned}`,
        contacts_planned: sql`contacts_planned + ${changed}`,
        contacts_unchanged: sql`contacts_unchanged + ${unchanged}`,
        contacts_skipped: sql`contacts_skipped + ${skipped}`,
      }
    : {
        companies_scanned: sql`companies_scanned + ${scanned}`,
        companies_planned: sql`companies_planned + ${changed}`,
        companies_unchanged: sql`companies_unchanged + ${unchanged}`,
      };
}

export function sampleOf(model: WritebackModel, c: { candidate: Candidate; change: Change }) {
  return {
    model,
    intercom_id: c.candidate.id,
    old: c.change.old,
    new: c.change.values,
  } satisfies WritebackSample;
}

/**
 * The outbox row for one target. Its subject is the person's user id (or email), so an
 * erasure of them cancels the row as it cancels their other writes.
 */
export function writeOf(
  run: { id: string },
  model: WritebackModel,
  candidate: Candidate,
  change: Change,
) {
  return {
    kind: "writeback",
    idempotencyKey: `writeback:${run.id}:${model}:${candidate.id}`,
    subject: candidate.externalId ?? candidate.email ?? null,
    payload: { runId: run.id, model, intercomId: candidate.id, attributes: change.values },
  } satisfies OutboxWrite;
}

/** Each target's latest planned values and row, and the run's list of its writes. */
export async function recordPlanned(
  tx: Transaction,
  run: { id: string; workspaceId: string },
  model: WritebackModel,
  changed: Compared["changed"],
  accepted: readonly Accepted[],
) {
  const rowOf = new Map(accepted.map((a) => [a.idempotencyKey, a.id]));
  const rows = changed.map(({ candidate, change }) => ({
    id: candidate.id,
    planned: change.values,
    outbox: rowOf.get(`writeback:${run.id}:${model}:${candidate.id}`),
  }));
  await tx.execute(sql`
    insert into writeback_targets (workspace_id, model, intercom_id, planned, outbox_id)
    select ${run.workspaceId}, ${model}, r.id, r.planned, r.outbox
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id text, planned jsonb, outbox uuid)
    on conflict (workspace_id, model, intercom_id) do update set
      planned = excluded.planned, outbox_id = excluded.outbox_id`);
  await tx.execute(sql`
    insert into writeback_writes (run_id, model, intercom_id, outbox_id)
    select ${run.id}::uuid, ${model}, r.id, r.outbox
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id text, outbox uuid)
    on conflict do nothing`);
}
