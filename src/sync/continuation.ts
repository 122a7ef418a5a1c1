import { and, eq, like } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { syncPartJobs } from "../db/schema/sync.ts";
import { checkpointOf } from "./checkpoint.ts";
import type {
  CompanyScrollMessage,
  ContactStepMessage,
  ConversationPageMessage,
  SyncMessage,
} from "./messages.ts";

type PartitionMessage = ContactStepMessage | ConversationPageMessage | CompanyScrollMessage;

/**
 * What a redelivered message that finds its page already written should queue instead of
 * stopping: the earlier delivery committed the page but died before queuing what follows
 * (its answer lost when the database restarted, say), so nothing else would continue the
 * partition before the stall sweep. From the checkpoint: the partition's next page and, for
 * conversations, the page's part jobs still open. If the earlier delivery did queue them, the
 * copies are harmless: a page is written once (`writePage`), so a second chain stops at its
 * first page, and a finished part job is skipped.
 */
export async function continuationOf(
  db: Executor,
  message: PartitionMessage,
): Promise<SyncMessage[]> {
  const row = await checkpointOf(db, message);
  if (row?.status !== "running" || row.pages <= message.page) return [];
  const next: SyncMessage[] = row.done ? [] : [{ ...message, page: row.pages }];
  if (message.kind !== "sync.conversations.page") return next;
  const jobs = await db
    .select({ key: syncPartJobs.key })
    .from(syncPartJobs)
    .where(
      and(
        eq(syncPartJobs.runId, message.runId),
        eq(syncPartJobs.done, false),
        like(syncPartJobs.key, `${message.partition}:${message.page}:%`),
      ),
    );
  return [
    ...next,
    ...jobs.map((j) => ({
      kind: "sync.conversations.parts" as const,
      runId: message.runId,
      key: j.key,
    })),
  ];
}
