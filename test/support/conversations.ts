import { env } from "cloudflare:workers";
import { conversationDepsFor, finishDepsFor } from "../../src/deps.ts";
import type { IntercomClient } from "../../src/intercom/client.ts";
import type { Services } from "../../src/services.ts";
import { runConversationPage } from "../../src/sync/conversations/page.ts";
import { type PartsResult, runPartJob } from "../../src/sync/conversations/parts.ts";
import { runFinishSlice } from "../../src/sync/finish.ts";
import type { SyncMessage } from "../../src/sync/messages.ts";
import { startSync } from "../../src/sync/start.ts";
import type { SyncWindow } from "../../src/sync/window.ts";
import { collectingQueue, sandbox, syncServices } from "./sync.ts";

export const CONVERSATION_SANDBOX = (env as unknown as { CONVERSATION_SANDBOX_BASE: string })
  .CONVERSATION_SANDBOX_BASE;

export const conversationServices = () => syncServices(CONVERSATION_SANDBOX);
export const conversationSandbox = (path: string, init: RequestInit = {}) =>
  sandbox(path, init, CONVERSATION_SANDBOX);

export interface Delivery {
  /** Picks the next message to deliver from what is queued (default: first in, first out). */
  pick?: (queued: SyncMessage[]) => number;
  /** Delivers every message twice, as at-least-once queues may. */
  twice?: boolean;
  /** Takes a message out instead of delivering it (for dead-letter tests). */
  drop?: (message: SyncMessage) => boolean;
  client?: IntercomClient;
  /** A created-at range or hours back (src/sync/window.ts). */
  window?: SyncWindow;
  /** A part job's byte budget per delivery, instead of PART_SLICE_CHARS. */
  partSliceChars?: number;
}

/**
 * Runs a conversation sync to the end by delivering its messages as the consumer would, in the
 * order and multiplicity a test chooses. Returns what was dropped, for the test to dead-letter.
 */
export async function runConversationSync(
  services: Services,
  mode: "incremental" | "full",
  delivery: Delivery = {},
) {
  const client = delivery.client ?? services.intercom();
  if (!client) throw new Error("no Intercom client");
  const queued: SyncMessage[] = [];
  const queue = collectingQueue(queued);
  // No client for the start: these runs spread their partitions without asking for the oldest.
  const run = await startSync(
    "conversations",
    mode,
    "test",
    {
      client: null,
      db: services.db(),
      queue,
      workspaceId: services.config.INTERCOM_WORKSPACE_ID,
      now: new Date(),
    },
    delivery.window,
  );
  const deps = {
    ...conversationDepsFor(services, client),
    queue,
    ...(delivery.partSliceChars === undefined ? {} : { partSliceChars: delivery.partSliceChars }),
  };
  // What each delivery of a part job did, in delivery order.
  const partDeliveries: Array<{ key: string } & PartsResult> = [];
  const finishDeps = { ...finishDepsFor(services, client), onAlerts: deps.onAlerts };
  const dropped: SyncMessage[] = [];
  let delivered = 0;
  while (queued.length > 0) {
    const index = delivery.pick?.(queued) ?? 0;
    const [message] = queued.splice(index, 1);
    if (!message) break;
    if (delivery.drop?.(message)) {
      dropped.push(message);
      continue;
    }
    for (let i = 0; i < (delivery.twice ? 2 : 1); i++) {
      delivered += 1;
      if (message.kind === "sync.conversations.page") await runConversationPage(message, deps);
      if (message.kind === "sync.conversations.parts")
        partDeliveries.push({ key: message.key, ...(await runPartJob(message, deps)) });
      if (message.kind === "sync.finish") {
        const outcome = await runFinishSlice(finishDeps, message);
        if (outcome.kind === "continue") queued.push(outcome.next);
      }
    }
  }
  return { runId: run.id, dropped, delivered, partDeliveries };
}

/** Every conversation id the sandbox lists right now. */
export async function sandboxConversationIds(): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await conversationSandbox(
      `/conversations?per_page=150${cursor ? `&starting_after=${cursor}` : ""}`,
    );
    ids.push(...(page.body.conversations as Array<{ id: string }>).map((c) => c.id));
    cursor = (page.body.pages as { next?: { starting_after?: string } }).next?.starting_after;
  } while (cursor);
  return ids;
}
