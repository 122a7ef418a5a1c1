import type { TextMatcher } from "../../conversations/transform.ts";
import type { AlertDraft } from "../../customers/alerts.ts";
import type { Database } from "../../db/client.ts";
import type { IntercomClient } from "../../intercom/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import type { SyncMessage } from "../messages.ts";

/** What the conversation run's message handlers need from their invocation. */
export interface ConversationSyncDeps {
  db: Database;
  client: IntercomClient;
  clock: Clock;
  logger: Logger;
  queue: Queue<SyncMessage>;
  mentionsCancel: TextMatcher;
  /** Cancel-intent alerts a write created (Slack, through the outbox). */
  onAlerts: (alerts: AlertDraft[]) => Promise<void>;
  /** 429s this message's calls received so far: added to the run with its write. */
  rateLimited?: () => number;
  /** A part job's byte budget per delivery, when not PART_SLICE_CHARS (tests go past it by one). */
  partSliceChars?: number;
}
