import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import {
  type SyncKind,
  type SyncMode,
  type SyncRun,
  syncPartitions,
  syncRuns,
  syncState,
} from "../db/schema/sync.ts";
import type { IntercomClient } from "../intercom/client.ts";
import { AppError } from "../shared/errors.ts";
import { sendAll } from "../shared/queue-send.ts";
import { conversationPartitions } from "./conversations/plan.ts";
import type { SyncMessage } from "./messages.ts";
import { partitionsFor, sinceFor } from "./plan.ts";
import { oldestCreatedAt } from "./probe.ts";
import { createdAtQuantiles } from "./quantiles.ts";
import { runningRun } from "./runs.ts";

export interface StartDeps {
  db: Database;
  queue: Queue<SyncMessage>;
  workspaceId: string;
  now: Date;
  /**
   * Asked for the oldest record's created_at before a full run, to spread a first full run's
   * partitions over the workspace's real age; null (or a failed call) and the plan guesses.
   */
  client: IntercomClient | null;
}

/**
 * Starts a run of `kind` unless one of its kind is running (409 carries its id). The partial
 * unique index decides races: two crons, or a manual run during a scheduled one, give one run.
 * Each partition gets its first message: a contact step, or a conversation page.
 */
export async function startSync(
  kind: SyncKind,
  mode: SyncMode,
  trigger: string,
  deps: StartDeps,
): Promise<SyncRun> {
  // An incremental run does not need the oldest record: it never splits by creation time.
  const oldest = mode === "full" ? await oldestCreatedAt(kind, deps.client) : null;
  const now = Math.floor(deps.now.getTime() / 1000);
  const started = await deps.db.transaction(async (tx) => {
    const [state] = await tx
      .select({ watermark: syncState.watermark })
      .from(syncState)
      .where(and(eq(syncState.workspaceId, deps.workspaceId), eq(syncState.kind, kind)));
    const since = sinceFor(mode, state?.watermark ?? null);
    const [created] = await tx
      .insert(syncRuns)
      .values({ workspaceId: deps.workspaceId, kind, mode, trigger, since, startedAt: deps.now })
      .onConflictDoNothing()
      .returning();
    if (!created) return null;
    const hints = {
      boundaries: since === null ? await createdAtQuantiles(tx, kind, deps.workspaceId) : [],
      oldest,
    };
    const parts =
      kind === "contacts"
        ? partitionsFor(mode, now, hints)
        : conversationPartitions(mode, now, since, hints);
    await tx.insert(syncPartitions).values(parts.map((p) => ({ runId: created.id, ...p })));
    return { run: created, parts };
  });
  if (!started) {
    const running = await runningRun(deps.db, deps.workspaceId, kind);
    throw new AppError(
      "conflict",
      `a ${kind === "contacts" ? "contact" : "conversation"} sync is already running (${running?.id ?? "unknown"})`,
    );
  }
  const first = kind === "contacts" ? "sync.contacts.step" : "sync.conversations.page";
  await sendAll(
    deps.queue,
    started.parts.map((p) => ({
      kind: first,
      runId: started.run.id,
      partition: p.partition,
      page: 0,
    })),
  );
  return started.run;
}
