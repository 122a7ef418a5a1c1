import { and, eq, gt, isNull, lte, or, sql } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { syncPartitions, syncRuns } from "../../db/schema/sync.ts";
import type { CompanyScrollMessage } from "../messages.ts";
import {
  encodePosition,
  MAX_SCROLL_ATTEMPTS,
  type ScrollPosition,
  ScrollRefusedError,
} from "./position.ts";

/**
 * How long one delivery holds the scroll: a step's reading budget and a call in flight, well
 * inside; a holder that died lets the next delivery in after it.
 */
const SCROLL_LEASE_MS = 60_000;
/**
 * The run and the scroll's partition when this delivery may read it: the run running, the
 * checkpoint at the message's page, and no other delivery holding the lease (or its lease run
 * out: that one died). `held` with the lease's end when only the lease stands in the way; null
 * when the chain has moved past this message or its run has ended.
 */
export async function claimScroll(db: Database, message: CompanyScrollMessage, now: Date) {
  const [partition] = await db
    .update(syncPartitions)
    .set({ leaseUntil: new Date(now.getTime() + SCROLL_LEASE_MS) })
    .where(
      and(
        chainAt(message),
        or(isNull(syncPartitions.leaseUntil), lte(syncPartitions.leaseUntil, now)),
      ),
    )
    .returning();
  if (!partition) return heldUntil(db, message, now);
  const [run] = await db.select().from(syncRuns).where(eq(syncRuns.id, message.runId));
  return run ? { kind: "claimed" as const, run, partition } : null;
}

/** The scroll's partition still at the message's page, and its run running. */
function chainAt(message: CompanyScrollMessage) {
  return and(
    eq(syncPartitions.runId, message.runId),
    eq(syncPartitions.partition, message.partition),
    eq(syncPartitions.pages, message.page),
    eq(syncPartitions.done, false),
    sql`exists (select 1 from ${syncRuns} r where r.id = ${message.runId} and r.status = 'running')`,
  );
}

async function heldUntil(db: Database, message: CompanyScrollMessage, now: Date) {
  const [held] = await db
    .select({ until: syncPartitions.leaseUntil })
    .from(syncPartitions)
    .where(and(chainAt(message), gt(syncPartitions.leaseUntil, now)));
  return held?.until ? { kind: "held" as const, until: held.until } : null;
}

/**
 * Records a restart in the checkpoint at once, before the new scroll is opened: a retry of
 * this delivery (Intercom refusing a second scroll until the old one expires) must not count
 * it again.
 */
export async function restartAt(
  db: Database,
  message: CompanyScrollMessage,
  position: ScrollPosition,
) {
  if (position.attempt >= MAX_SCROLL_ATTEMPTS)
    throw new ScrollRefusedError(
      `the company scroll was lost ${MAX_SCROLL_ATTEMPTS} times (expired or broken by Intercom)`,
    );
  await db.transaction(async (tx) => {
    await tx
      .update(syncPartitions)
      .set({ cursor: encodePosition(position) })
      .where(
        and(
          eq(syncPartitions.runId, message.runId),
          eq(syncPartitions.partition, message.partition),
          eq(syncPartitions.pages, message.page),
        ),
      );
    await tx
      .update(syncRuns)
      .set({ scrollRestarts: sql`${syncRuns.scrollRestarts} + 1` })
      .where(eq(syncRuns.id, message.runId));
  });
}

/** Gives the chain back for the next message (at `page`, where this delivery left it). */
export async function releaseScroll(db: Database, message: CompanyScrollMessage, page: number) {
  await db
    .update(syncPartitions)
    .set({ leaseUntil: null })
    .where(
      and(
        eq(syncPartitions.runId, message.runId),
        eq(syncPartitions.partition, message.partition),
        sql`${syncPartitions.pages} in (${message.page}, ${page})`,
      ),
    );
}
