import { and, arrayContains, desc, eq, getTableColumns, lt, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { afterKey, exactText, type PageKey } from "../db/keyset.ts";
import { type ErasureCounts, type ErasureSource, erasures } from "../db/schema/index.ts";
import { textArray } from "../db/sql.ts";

export type IntercomStatus = "pending" | "deleted" | "not_found";

export const NO_REMOVALS: ErasureCounts = {
  contacts: 0,
  contact_tags: 0,
  contact_companies: 0,
  customers: 0,
  alerts: 0,
  conversations: 0,
  conversation_parts: 0,
  conversation_tags: 0,
  parts_redacted: 0,
  conversations_redacted: 0,
  webhook_deliveries: 0,
  outbox_messages: 0,
  outbox_cancelled: 0,
  writeback_targets: 0,
};

function randomSalt(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The salted hash of a user id, as stored and as looked up (both in SQL, one definition). */
const hashOf = (salt: SQL, userId: SQL) =>
  sql`encode(sha256(convert_to(${salt} || ':' || ${userId}, 'UTF8')), 'hex')`;

/** The request's record, created on its first pass; later passes of the same request add to it. */
export async function openRecord(
  db: Executor,
  request: {
    workspaceId: string;
    requestedBy: ErasureSource;
    reference: string;
    requestedAt: Date;
  },
  intercomStatus: IntercomStatus,
  now: Date,
): Promise<{ id: string; removed: ErasureCounts }> {
  const [row] = await db
    .insert(erasures)
    .values({
      ...request,
      completedAt: now,
      subjectSalt: randomSalt(),
      subjectHashes: [],
      intercomContactIds: [],
      intercomStatus,
      removed: NO_REMOVALS,
    })
    .onConflictDoUpdate({
      target: [erasures.workspaceId, erasures.requestedBy, erasures.reference],
      set: { passes: sql`${erasures.passes}` },
    })
    .returning({ id: erasures.id, removed: erasures.removed });
  if (!row) throw new Error("erasure record was not written");
  return { id: row.id, removed: { ...NO_REMOVALS, ...row.removed } };
}

/**
 * Names the person's contacts on the record before anything else is removed: the record is
 * what marks them erased (src/db/erased.ts) for this pass and every later write.
 */
export async function noteContacts(db: Executor, id: string, contactIds: readonly string[]) {
  if (contactIds.length === 0) return;
  await db
    .update(erasures)
    .set({
      intercomContactIds: sql`array(select distinct i from unnest(${erasures.intercomContactIds} || ${textArray(contactIds)}) i)`,
    })
    .where(eq(erasures.id, id));
}

/** Adds a pass: its counts, the user ids (hashed) it found, Intercom's answer. */
export async function closeRecord(
  db: Executor,
  id: string,
  pass: {
    removed: ErasureCounts;
    userIds: readonly string[];
    intercomStatus: IntercomStatus;
    now: Date;
  },
): Promise<void> {
  const hashes = sql`array(select ${hashOf(sql`${erasures.subjectSalt}`, sql`u`)} from unnest(${textArray(pass.userIds)}) u)`;
  await db
    .update(erasures)
    .set({
      passes: sql`${erasures.passes} + 1`,
      completedAt: pass.now,
      removed: pass.removed,
      subjectHashes: sql`array(select distinct h from unnest(${erasures.subjectHashes} || ${hashes}) h)`,
      // Never back to pending: the immediate pass may finish after the delivery's.
      intercomStatus: pass.intercomStatus === "pending" ? undefined : pass.intercomStatus,
    })
    .where(eq(erasures.id, id));
}

export function addCounts(a: ErasureCounts, b: ErasureCounts): ErasureCounts {
  const sum = { ...a };
  // A record from before a count existed has none of it yet.
  for (const key of Object.keys(b) as (keyof ErasureCounts)[]) sum[key] = (a[key] ?? 0) + b[key];
  return sum;
}

export interface ErasureFilter {
  workspaceId?: string | undefined;
  userId?: string | undefined;
  contactId?: string | undefined;
  requestedBy?: ErasureSource | undefined;
  before?: Date | undefined;
  limit: number;
  /** `[requested_at, id]` of the row before. */
  after?: PageKey | undefined;
}

/** Newest first; `userId` is matched by hashing it with each row's salt. */
export async function listErasures(db: Executor, filter: ErasureFilter) {
  return db
    .select({ ...getTableColumns(erasures), at: exactText(erasures.requestedAt) })
    .from(erasures)
    .where(
      and(
        filter.workspaceId ? eq(erasures.workspaceId, filter.workspaceId) : undefined,
        filter.requestedBy ? eq(erasures.requestedBy, filter.requestedBy) : undefined,
        filter.contactId
          ? arrayContains(erasures.intercomContactIds, [filter.contactId])
          : undefined,
        filter.userId
          ? sql`${hashOf(sql`${erasures.subjectSalt}`, sql`${filter.userId}`)} = any(${erasures.subjectHashes})`
          : undefined,
        filter.before ? lt(erasures.requestedAt, filter.before) : undefined,
        afterKey([erasures.requestedAt, erasures.id], filter.after),
      ),
    )
    .orderBy(desc(erasures.requestedAt), desc(erasures.id))
    .limit(filter.limit);
}
