import { writeFetchedConversations } from "../../conversations/fetched-write.ts";
import { tombstoneConversations } from "../../conversations/tombstone.ts";
import { refreshSupportMetrics } from "../../customers/support.ts";
import { IntercomError } from "../../intercom/errors.ts";
import { AppError } from "../../shared/errors.ts";
import type { ConversationSyncDeps } from "./deps.ts";

interface OneConversationSynced {
  id: string;
  updatedAt: Date;
  parts: number;
  partsTruncated: boolean;
  alerts: number;
}

/**
 * Fetches one conversation with its parts now and stores it like a part job would, outside
 * any run. A conversation Intercom no longer has is tombstoned and reported as not found.
 */
export async function syncOneConversation(
  id: string,
  deps: Pick<ConversationSyncDeps, "db" | "client" | "clock" | "mentionsCancel" | "onAlerts">,
  workspaceId: string,
): Promise<OneConversationSynced> {
  const now = deps.clock.now();
  const conversation = await deps.client.getConversation(id).catch(async (error: unknown) => {
    if (error instanceof IntercomError && error.status === 404) {
      await tombstoneConversations(deps.db, [
        { workspaceId, id, deletedAt: now, writtenAt: now, writtenFrom: "sync" },
      ]);
      throw new AppError("not_found", `Intercom has no conversation ${id}`);
    }
    throw error;
  });
  const { stored, alerts } = await deps.db.transaction(async (tx) => {
    const result = await writeFetchedConversations(
      tx,
      workspaceId,
      [conversation],
      now,
      deps.mentionsCancel,
    );
    const raised = await refreshSupportMetrics(
      tx,
      workspaceId,
      { contactIds: result.contactIds },
      now,
    );
    return { stored: result, alerts: raised };
  });
  if (alerts.length) await deps.onAlerts(alerts);
  return {
    id: conversation.id,
    updatedAt: new Date(conversation.updated_at * 1000),
    parts: stored.parts,
    partsTruncated: stored.truncated > 0,
    alerts: alerts.length,
  };
}
