import type { Sighting } from "../../erasure/on-sight.ts";

type Loose = Record<string, unknown> | null;
const asObject = (value: unknown): Loose =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
const text = (value: unknown): string | null =>
  typeof value === "string" && value !== "" ? value : null;
const PERSON_TYPES = new Set(["contact", "user", "lead"]);

/** A contact as any item shape writes it: 2.x (`external_id`) or 1.x (`user_id`). */
function sightingOf(value: unknown, anyType = false): Sighting | null {
  const o = asObject(value);
  const id = text(o?.id);
  if (!o || !id) return null;
  if (!anyType && !PERSON_TYPES.has(String(o.type))) return null;
  return { contactId: id, userId: text(o.external_id) ?? text(o.user_id), email: text(o.email) };
}

/**
 * Whom a contact topic's item is about: the contact itself, a 2.x tag link's `contact`, or a
 * 1.x `user_tag`'s `user`. Read loosely: it only decides whether the person is suppressed.
 */
export function contactSubjectOf(item: unknown): Sighting | null {
  const o = asObject(item);
  return sightingOf(o?.contact) ?? sightingOf(o?.user) ?? sightingOf(item, true);
}

const listOf = (value: unknown, key: string): unknown[] => {
  const list = asObject(value)?.[key];
  return Array.isArray(list) ? list : [];
};

/** Every person a conversation's item names: its contacts, opening author and part authors. */
export function conversationPeopleOf(item: unknown): Sighting[] {
  const o = asObject(item);
  const found = [
    ...listOf(o?.contacts, "contacts").map((c) => sightingOf(c, true)),
    sightingOf(asObject(o?.source)?.author),
    sightingOf(o?.user),
    ...listOf(o?.conversation_parts, "conversation_parts").map((p) =>
      sightingOf(asObject(p)?.author),
    ),
  ];
  return found.filter((s): s is Sighting => s !== null);
}
