import type { WritebackPlanMessage } from "../writeback/plan.ts";

/** One step of a contact run: the next pages of one partition, starting at checkpoint `page`. */
export interface ContactStepMessage {
  kind: "sync.contacts.step";
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

/**
 * Pages of a company run's scroll (one partition): the message that writes them queues the
 * next at once, as Intercom expires a scroll left unused for a minute.
 */
export interface CompanyScrollMessage {
  kind: "sync.companies.page";
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

/**
 * One slice of a run's finish (src/sync/finish.ts), contacts or conversations alike: the run
 * says which. `slice` is the number of slices committed before it, so a stale copy is a no-op.
 */
export interface FinishMessage {
  kind: "sync.finish";
  runId: string;
  slice: number;
}

export type ConversationMessage = ConversationPageMessage | ConversationPartsMessage;
/**
 * The sync queue also carries the write-back's planning slices (src/writeback/plan.ts): the
 * same one-message-per-invocation consumer, and its retries and dead letters.
 */
export type SyncMessage =
  | ContactStepMessage
  | ConversationMessage
  | CompanyScrollMessage
  | FinishMessage
  | WritebackPlanMessage;

/**
 * The contact step's kind before it said "contacts". Messages queued (or dead-lettered) by
 * the previous version still arrive with it for up to the queue's retention.
 */
const LEGACY_CONTACT_STEP = "sync.step";

const KINDS = new Set<string>([
  "sync.contacts.step",
  "sync.conversations.page",
  "sync.conversations.parts",
  "sync.companies.page",
  "sync.finish",
  "writeback.plan",
]);

/** A queued body as a sync message, the legacy contact step renamed; null when it is none. */
export function asSyncMessage(body: unknown): SyncMessage | null {
  if (typeof body !== "object" || body === null) return null;
  const candidate = body as { kind?: unknown; runId?: unknown };
  if (typeof candidate.runId !== "string") return null;
  if (candidate.kind === LEGACY_CONTACT_STEP)
    return { ...(body as ContactStepMessage), kind: "sync.contacts.step" };
  return typeof candidate.kind === "string" && KINDS.has(candidate.kind)
    ? (body as SyncMessage)
    : null;
}

/** Names a message within its run, for dead-letter records. */
export function messageKey(message: SyncMessage): string {
  if (message.kind === "sync.conversations.parts") return `parts:${message.key}`;
  if (message.kind === "sync.finish") return `finish:${message.slice}`;
  if (message.kind === "writeback.plan") return `writeback:${message.slice}`;
  if (message.kind === "sync.companies.page") return `scroll:${message.page}`;
  return `${message.kind === "sync.contacts.step" ? "step" : "page"}:${message.partition}:${message.page}`;
}
