import type { Database, Transaction } from "../db/client.ts";
import { hashIdentifiers, mergeIdentifiers, namingIdentifiers } from "../erasure/identifiers.ts";
import { lockIdentifiers, refuseSuppressed } from "../erasure/suppression.ts";
import { errorMessage } from "../shared/errors.ts";
import type { Logger } from "../shared/logger.ts";
import { sendAll } from "../shared/queue-send.ts";
import type { OutboxMessage } from "./messages.ts";
import type { OutboxWrite } from "./payloads.ts";
import { peopleWritten } from "./people.ts";
import { type Accepted, storeWrites } from "./rows.ts";

// The message type lives in messages.ts; re-exported for src/services.ts until it imports it there.

export interface AcceptDeps {
  db: Database;
  logger: Logger;
  workspaceId: string;
  queue: Queue<OutboxMessage>;
  /** Without a token nothing can be delivered yet: rows wait for the sweep. */
  deliveryEnabled: boolean;
  /**
   * ERASURE_HASH_KEY: a write naming an erased person is refused (src/erasure/suppression.ts).
   * Null only for writers that name no one (Slack alerts).
   */
  hashKey: string | null;
  /**
   * Runs in the transaction that stores the rows, with what was stored; throwing refuses the
   * whole request and stores nothing (the browser route's event budget).
   */
  beforeCommit?: (tx: Transaction, accepted: readonly Accepted[]) => Promise<void>;
}

/**
 * Stores the writes (the answer's guarantee), then queues the new ones for delivery. A failed
 * queue send loses nothing: the cron sweep finds rows that are due and not leased. Writes
 * naming an erased person are refused, and store nothing.
 */
export async function acceptWrites(
  writes: readonly OutboxWrite[],
  deps: AcceptDeps,
): Promise<Accepted[]> {
  const { beforeCommit } = deps;
  const hashes = await hashesOfPeople(writes, deps.hashKey);
  const accepted =
    beforeCommit || hashes.length > 0
      ? await deps.db.transaction(async (tx) => {
          // Held until the rows are committed, so an erasure of the same person waits for them
          // and cancels them, or this waits for it and sees its suppression.
          await lockIdentifiers(tx, hashes, "shared");
          await refuseSuppressed(tx, hashes);
          const stored = await storeWrites(tx, deps.workspaceId, writes);
          await beforeCommit?.(tx, stored);
          return stored;
        })
      : await storeWrites(deps.db, deps.workspaceId, writes);
  const fresh = accepted.filter((a) => a.created);
  if (deps.deliveryEnabled && fresh.length > 0) {
    await sendAll(
      deps.queue,
      fresh.map((a) => ({ kind: "outbox.deliver" as const, id: a.id })),
    ).catch((error) =>
      deps.logger.warn("outbox rows stored but not queued; the sweep will send them", {
        count: fresh.length,
        error: errorMessage(error),
      }),
    );
  }
  return accepted;
}

async function hashesOfPeople(
  writes: readonly OutboxWrite[],
  hashKey: string | null,
): Promise<string[]> {
  const named = mergeIdentifiers(writes.flatMap(peopleWritten).map(namingIdentifiers));
  const any = named.contactIds.length + named.userIds.length + named.emails.length > 0;
  if (!any) return [];
  if (hashKey === null) throw new Error("writes naming people were accepted without a hash key");
  return hashIdentifiers(hashKey, named);
}
