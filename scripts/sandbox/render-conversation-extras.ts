import type { ConversationRecord, Workspace } from "./model.ts";

/**
 * The 2.16 conversation fields the service does not read but other clients do
 * (`first_contact_reply`, `sla_applied`, `ai_agent`), derived from the record so seeding and
 * mutations stay as they were: one conversation in ten had Fin answer first, prioritised ones
 * carry an SLA.
 */
export function conversationExtras(c: ConversationRecord) {
  const withFin = Number(c.id) % 10 === 4;
  const urgent = c.priority === "priority";
  return {
    // Customer-initiated: the first reply is the opening message; without one, none is known.
    first_contact_reply: c.sourceless
      ? null
      : { type: "conversation", created_at: c.createdAt, url: null },
    sla_applied: urgent
      ? {
          type: "conversation_sla_summary",
          sla_name: "Priority response",
          sla_status: c.state === "closed" ? "hit" : "active",
        }
      : null,
    ai_agent_participated: withFin,
    ai_agent: withFin
      ? {
          source_type: "workflow",
          source_title: "Fin answers first",
          last_answer_type: "ai_answer",
          resolution_state: "escalated",
          rating: null,
          rating_remark: null,
          created_at: c.createdAt,
          updated_at: c.createdAt + 30,
          content_sources: { type: "content_source.list", total_count: 0, content_sources: [] },
        }
      : null,
  };
}

/** The source of a conversation an admin's message opened; nothing for the others. */
export function adminOpening(ws: Workspace, c: ConversationRecord, plaintext: boolean) {
  const m = c.opening;
  if (!m) return {};
  const admin = ws.admins.find((a) => a.id === m.adminId);
  return {
    source: conversationSource({
      id: m.id,
      deliveredAs: "admin_initiated",
      subject: m.subject,
      body: plaintext ? m.body : `<p>${m.body}</p>`,
      author: { type: "admin", id: m.adminId, name: admin?.name, email: admin?.email },
    }),
  };
}

/** A conversation's `source` (its opening message) as Intercom renders it. */
export function conversationSource(opening: {
  id: string;
  deliveredAs: "admin_initiated" | "customer_initiated";
  subject: string;
  body: string;
  author: { type: "admin" | "user"; id: string; name?: string | null; email?: string | null };
}) {
  const { author } = opening;
  return {
    type: "conversation",
    id: opening.id,
    delivered_as: opening.deliveredAs,
    subject: opening.subject,
    body: opening.body,
    author: {
      type: author.type,
      id: author.id,
      name: author.name ?? null,
      email: author.email ?? "",
    },
    attachments: [],
    url: null,
    redacted: false,
  };
}
