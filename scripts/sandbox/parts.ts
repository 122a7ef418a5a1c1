import type { ConversationRecord, PartRecord } from "./model.ts";
import { prng } from "./prng.ts";

/** Intercom returns only the 500 most recent parts of a conversation. */
export const PART_CAP = 500;
/** Fin, the AI agent: a bot author, not one of the workspace's admins. */
export const FIN_ID = "4990001";

const SENTENCES = [
  "Hi, I have a question about my invoice.",
  "Thanks, that fixed it!",
  "Could you look into the sync error we see?",
  "Happy to help, let me check that for you.",
  "The export finished, you should see it now.",
];
const CANCEL_SENTENCES = [
  "I want to cancel my subscription at the end of the month.",
  "We are switching to another tool next quarter.",
];
const FIN_SENTENCES = [
  "I can help with that. This article explains how exports work.",
  "Did that answer your question?",
];
/**
 * The system events real conversations are mostly made of: each has `body: null`, some are
 * written by a bot (language detection, company updates) rather than a teammate.
 */
const SYSTEM_EVENTS = [
  "close",
  "open",
  "snoozed",
  "assignment",
  "conversation_attribute_updated_by_admin",
  "language_detection_details",
  "conversation_tags_updated",
  "company_updated",
];
const BOT_EVENTS = new Set(["language_detection_details", "company_updated"]);

/** One conversation in 25 has its customer talk about leaving, as support inboxes do. */
const mentionsCancel = (c: ConversationRecord) => Number(c.id) % 25 === 3;

/**
 * Seeded parts are generated from the conversation id, so 20,000 conversations cost nothing:
 * a little over half are system events with no body, the rest comments and notes from the
 * customer, a teammate, or Fin.
 */
export function partsOf(c: ConversationRecord): PartRecord[] {
  const random = prng(Number(c.id) ^ 0x5eed);
  const span = Math.max(1, (c.seededUntil ?? c.updatedAt) - c.createdAt);
  const admin = c.adminAssigneeId ?? "5000000";
  const seeded: PartRecord[] = Array.from({ length: c.partsCount }, (_, i) => {
    const id = String(Number(c.id) * 1000 + i);
    const createdAt = c.createdAt + Math.floor(((i + 1) / (c.partsCount + 1)) * span);
    const roll = random();
    const text = (list: readonly string[]) => list[Math.floor(random() * list.length)] ?? "";
    if (roll < 0.55) {
      const partType = text(SYSTEM_EVENTS);
      const bot = BOT_EVENTS.has(partType) || random() < 0.15;
      return {
        id,
        partType,
        body: null,
        createdAt,
        authorType: bot ? "bot" : "admin",
        authorId: bot ? FIN_ID : admin,
      };
    }
    if (roll < 0.77) {
      const sentences = i === 0 && mentionsCancel(c) ? CANCEL_SENTENCES : SENTENCES;
      return {
        id,
        partType: "comment",
        body: text(sentences),
        createdAt,
        authorType: "user",
        authorId: c.contactId,
      };
    }
    if (roll < 0.87)
      return {
        id,
        partType: "comment",
        body: text(FIN_SENTENCES),
        createdAt,
        authorType: "bot",
        authorId: FIN_ID,
      };
    return {
      id,
      partType: random() < 0.25 ? "note" : "comment",
      body: text(SENTENCES),
      createdAt,
      authorType: "admin",
      authorId: admin,
    };
  });
  return [...seeded, ...c.extraParts];
}

function author(p: PartRecord) {
  if (p.authorType === "bot")
    return {
      type: "bot",
      id: p.authorId,
      name: "Fin",
      email: "operator+sandbox@intercom.io",
      from_ai_agent: true,
      // Fin's own answers; the events it records are not AI-written text.
      is_ai_answer: p.body !== null,
    };
  return {
    type: p.authorType,
    id: p.authorId,
    name: null,
    email: "",
    from_ai_agent: false,
    is_ai_answer: false,
  };
}

/**
 * `conversation_parts` of `GET /conversations/{id}`: the 500 most recent parts, and a
 * `total_count` that counts the parts returned, not all there are (as Intercom answers; only
 * `statistics.count_conversation_parts` knows them all, plus one for the opening message).
 */
export function renderParts(c: ConversationRecord, plaintext: boolean) {
  const parts = partsOf(c)
    .slice(-PART_CAP)
    .map((p) => ({
      type: "conversation_part",
      id: p.id,
      part_type: p.partType,
      body: p.body === null ? null : plaintext ? p.body : `<p>${p.body}</p>`,
      created_at: p.createdAt,
      updated_at: p.createdAt,
      notified_at: p.createdAt,
      assigned_to:
        p.partType === "assignment" && c.adminAssigneeId
          ? { type: "admin", id: c.adminAssigneeId }
          : null,
      author: author(p),
      attachments: [],
      external_id: null,
      redacted: false,
    }));
  return { type: "conversation_part.list", conversation_parts: parts, total_count: parts.length };
}
