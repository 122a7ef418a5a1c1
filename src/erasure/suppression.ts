import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { textArray } from "../db/sql.ts";
import { AppError } from "../shared/errors.ts";
import { hashIdentifiers, namingIdentifiers, type PersonNames } from "./identifiers.ts";

/*
 * A suppression keeps an erased person erased: while it is not lifted, a write naming them is
 * refused (src/outbox/accept.ts) and a webhook or sync about them is skipped
 * (src/erasure/on-sight.ts). Its identifiers are keyed hashes (src/erasure/identifiers.ts).
 *
 * A write being stored and an erasure of the same person must not pass each other unseen:
 * the write checks for a suppression, then stores its row; the erasure records the
 * suppression, then cancels the person's stored rows. Both hold a transaction-scoped advisory
 * lock per identifier hash across those two steps (the write shared, the erasure exclusive),
 * so one runs after the other has committed: either the write sees the suppression, or the
 * erasure sees (and cancels) the row. Locks are taken in hash order, so two erasures never
 * deadlock.
 */

/** The advisory lock class of suppressions: two-key locks never meet the one-key space. */
const LOCK_CLASS = 0x5355_5050; // "SUPP"

export async function lockIdentifiers(
  db: Executor,
  hashes: readonly string[],
  mode: "shared" | "exclusive",
): Promise<void> {
  if (hashes.length === 0) return;
  const lock = mode === "shared" ? sql`pg_advisory_xact_lock_shared` : sql`pg_advisory_xact_lock`;
  // The first 32 bits of each hash: a collision only makes two people wait for each other.
  await db.execute(sql`
    select ${lock}(${LOCK_CLASS}, k) from (
      select distinct ('x' || substr(h, 1, 8))::bit(32)::int as k
      from unnest(${textArray(hashes)}) h order by k
    ) keys`);
}

/**
 * Records (or widens) the suppression of one erasure request. A lifted one stays lifted: a
 * later pass of the same request (Intercom confirming the delete) does not undo the lift.
 * Null when it was lifted.
 */
export async function recordSuppression(
  db: Executor,
  entry: {
    reference: string;
    erasureId: string;
    workspaceId: string;
    hashes: readonly string[];
    now: Date;
  },
): Promise<string | null> {
  const at = entry.now.toISOString();
  const result = await db.execute<{ id: string }>(sql`
    insert into suppressions as s
      (reference, erasure_id, workspace_id, identifier_hashes, created_at, updated_at)
    values (${entry.reference}, ${entry.erasureId}, ${entry.workspaceId},
      ${textArray(entry.hashes)}, ${at}::timestamptz, ${at}::timestamptz)
    on conflict (reference) do update set
      identifier_hashes = array(select distinct h from unnest(s.identifier_hashes || excluded.identifier_hashes) h order by h),
      updated_at = excluded.updated_at
    where s.lifted_at is null
    returning s.id`);
  return result.rows[0]?.id ?? null;
}

export interface ActiveSuppression {
  id: string;
  erasureId: string;
  workspaceId: string;
  /** Which of the hashes asked about it holds. */
  matched: string[];
}

/** The suppressions in force that hold any of `hashes` (GIN index), oldest first. */
export async function activeSuppressions(
  db: Executor,
  hashes: readonly string[],
): Promise<ActiveSuppression[]> {
  if (hashes.length === 0) return [];
  const asked = textArray(hashes);
  const result = await db.execute<{
    id: string;
    erasure_id: string;
    workspace_id: string;
    matched: string[];
  }>(sql`
    select id, erasure_id, workspace_id,
      array(select h from unnest(identifier_hashes) h where h = any(${asked})) as matched
    from suppressions
    where lifted_at is null and identifier_hashes && ${asked}
    order by created_at, id`);
  return result.rows.map((r) => ({
    id: r.id,
    erasureId: r.erasure_id,
    workspaceId: r.workspace_id,
    matched: r.matched,
  }));
}

/** Adds identifiers seen later (a contact created for the person meanwhile) to a suppression. */
export async function widenSuppression(
  db: Executor,
  id: string,
  hashes: readonly string[],
  now: Date,
): Promise<void> {
  if (hashes.length === 0) return;
  await db.execute(sql`
    update suppressions set
      identifier_hashes = array(select distinct h from unnest(identifier_hashes || ${textArray(hashes)}) h order by h),
      updated_at = ${now.toISOString()}::timestamptz
    where id = ${id} and lifted_at is null`);
}

/** The refusal of a write about a suppressed person: what happened, and how it is lifted. */
function erasedPersonError(suppressionId: string): AppError {
  return new AppError(
    "erased",
    `the person this names was erased, and writes about them are refused: an operator lifts that with DELETE /v1/suppressions/${suppressionId}`,
    { suppression: suppressionId },
  );
}

/** Refuses when the names name a suppressed person (by the rule of namingIdentifiers). */
export async function refuseIfErased(
  db: Executor,
  hashKey: string,
  names: PersonNames,
): Promise<void> {
  await refuseSuppressed(db, await hashIdentifiers(hashKey, namingIdentifiers(names)));
}

/** Refuses when any of `hashes` is suppressed; run after lockIdentifiers (shared). */
export async function refuseSuppressed(db: Executor, hashes: readonly string[]): Promise<void> {
  const [found] = await activeSuppressions(db, hashes);
  if (found) throw erasedPersonError(found.id);
}
