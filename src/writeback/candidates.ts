import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import type { AttributeValues, WritebackModel } from "../db/schema/writeback.ts";

/** A contact or company a slice compares: its figures and what Intercom holds from us. */
export interface Candidate {
  model: WritebackModel;
  id: string;
  externalId: string | null;
  email: string | null;
  /** The customer's (or account's) row, by column. */
  figures: Record<string, unknown>;
  /**
   * What Intercom holds from us: the values last written, with those of a write still on its
   * way laid over them (it will land, or fail and leave `written` as it is for the next run).
   * A dead or cancelled write counts for nothing, so the next run sends its values again.
   */
  baseline: AttributeValues;
}

interface CandidateRow extends Record<string, unknown> {
  id: string;
  external_id: string | null;
  email: string | null;
  figures: Record<string, unknown>;
  written: AttributeValues | null;
  planned: AttributeValues | null;
  in_flight: boolean | null;
}

/**
 * The next `limit` targets after `afterId`, in id order. Contacts: every live one (users and
 * leads, not archived, merged away or tombstoned: an erased contact is a tombstone) whose
 * email has a customer record, each with that customer's figures; people sharing an email
 * share its record. Companies: every account whose company is not tombstoned.
 */
export async function candidatesAfter(
  db: Executor,
  workspaceId: string,
  model: WritebackModel,
  afterId: string | null,
  limit: number,
): Promise<Candidate[]> {
  const target = sql`left join writeback_targets t on t.workspace_id = ${workspaceId}
      and t.model = ${model} and t.intercom_id = x.id
    left join outbox_messages o on o.id = t.outbox_id`;
  const tracked = sql`t.written, t.planned, o.status in ('pending', 'failed', 'unsure') as in_flight`;
  const after = afterId === null ? sql`true` : sql`x.id > ${afterId}`;
  const result =
    model === "contact"
      ? await db.execute<CandidateRow>(sql`
          select x.id, x.external_id, x.email, to_jsonb(cu) as figures, ${tracked}
          from contacts x
          join customers cu on cu.workspace_id = x.workspace_id and cu.email = lower(x.email)
          ${target}
          where x.workspace_id = ${workspaceId} and ${after} and x.deleted_at is null
            and not x.archived and x.merged_into_id is null
          order by x.id limit ${limit}`)
      : await db.execute<CandidateRow>(sql`
          select x.intercom_id as id, null as external_id, null as email,
            to_jsonb(x) as figures, ${tracked}
          from (select a.*, a.intercom_id as id from accounts a
            join companies co on co.workspace_id = a.workspace_id and co.id = a.intercom_id
            where a.workspace_id = ${workspaceId} and co.deleted_at is null) x
          ${target}
          where ${after}
          order by x.id limit ${limit}`);
  return result.rows.map((row) => ({
    model,
    id: row.id,
    externalId: row.external_id,
    email: row.email,
    figures: row.figures,
    baseline: { ...(row.written ?? {}), ...(row.in_flight ? (row.planned ?? {}) : {}) },
  }));
}

/** Contacts a run will compare, for its progress while planning. */
export async function contactsWithFigures(db: Executor, workspaceId: string): Promise<number> {
  const result = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from contacts x
    join customers cu on cu.workspace_id = x.workspace_id and cu.email = lower(x.email)
    where x.workspace_id = ${workspaceId} and x.deleted_at is null
      and not x.archived and x.merged_into_id is null`);
  return result.rows[0]?.n ?? 0;
}
