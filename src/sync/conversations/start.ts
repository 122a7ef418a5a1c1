import { and, eq } from "drizzle-orm";
import { type SyncMode, syncPartitions, syncRuns, syncState } from "../../db/schema/sync.ts";
import { AppError } from "../../shared/errors.ts";
import { sinceFor } from "../plan.ts";
import { createdAtQuantiles } from "../quantiles.ts";
import { runningRun, type StartDeps, type SyncRun } from "../runs.ts";
import { conversationPartitions } from "./plan.ts";

/**
 * Starts a conversation run unless one is running (409 with its id): one page message per
 * partition; each page queues the next and the part fetches it needs. The same partial
 * unique index as contact runs decides races.
 */
export async function startConversationRun(
  mode: SyncMode,
  trigger: string,
  deps: StartDeps,
): Promise<SyncRun> {
  const now = Math.floor(deps.now.getTime() / 1000);
  const started = await deps.db.transaction(async (tx) => {
    const [state] = await tx
      .select({ watermark: syncState.watermark })
      .from(syncState)
      .where(and(eq(syncState.workspaceId, deps.workspaceId), eq(syncState.kind, "conversations")));
    const since = sinceFor(mode, state?.watermark ?? null);
    const [created] = await tx
      .insert(syncRuns)
      .values({
        workspaceId: deps.workspaceId,
        kind: "conversations",
        mode,
        trigger,
        since,
        startedAt: deps.now,
      })
      .onConflictDoNothing()
      .returning();
    if (!created) return null;
    const boundaries =
      since === null ? await createdAtQuantiles(tx, "conversations", deps.workspaceId) : [];
    const parts = conversationPartitions(mode, now, since, {
      boundaries,
      oldest: deps.oldestCreatedAt ?? null,
    });
    await tx.insert(syncPartitions).values(parts.map((p) => ({ runId: created.id, ...p })));
    return { run: created, parts };
  });
  if (!started) {
    const running = await runningRun(deps.db, deps.workspaceId, "conversations");
    throw new AppError(
      "conflict",
      `a conversation sync is already running (${running?.id ?? "unknown"})`,
    );
  }
  await deps.queue.sendBatch(
    started.parts.map((p) => ({
      body: {
        kind: "sync.conversations.page" as const,
        runId: started.run.id,
        partition: p.partition,
        page: 0,
      },
    })),
  );
  return started.run;
}
