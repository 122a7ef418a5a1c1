/** One step of a contact run: the next pages of one partition, starting at checkpoint `page`. */
export interface SyncStepMessage {
  kind: "sync.step";
  runId: string;
  partition: number;
  page: number;
}

/** One page of a conversation run's partition: the message that writes it queues the next. */
export interface ConversationPageMessage {
  kind: "sync.conversations.page";
  runId: string;
  partition: number;
  page: number;
}

/** A batch of part fetches (`sync_part_jobs.key`) a conversation page asked for. */
export interface ConversationPartsMessage {
  kind: "sync.conversations.parts";
  runId: string;
  key: string;
}

export type SyncMessage = SyncStepMessage | ConversationPageMessage | ConversationPartsMessage;

const KINDS = new Set(["sync.step", "sync.conversations.page", "sync.conversations.parts"]);

export const isSyncMessage = (body: unknown): body is SyncMessage =>
  typeof body === "object" &&
  body !== null &&
  KINDS.has((body as SyncMessage).kind) &&
  typeof (body as SyncMessage).runId === "string";

export const isSyncStep = (body: unknown): body is SyncStepMessage =>
  isSyncMessage(body) && body.kind === "sync.step";

/** Names a message within its run, for dead-letter records. */
export function messageKey(message: SyncMessage): string {
  if (message.kind === "sync.conversations.parts") return `parts:${message.key}`;
  return `${message.kind === "sync.step" ? "step" : "page"}:${message.partition}:${message.page}`;
}
