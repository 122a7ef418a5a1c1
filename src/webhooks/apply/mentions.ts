const PERSON_TYPES = new Set(["contact", "user", "lead"]);

type Loose = Record<string, unknown> | null | undefined;
const asObject = (value: unknown): Loose =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
const idOf = (value: unknown): string[] => {
  const id = asObject(value)?.id;
  return typeof id === "string" ? [id] : [];
};
const personIdOf = (value: unknown): string[] =>
  PERSON_TYPES.has(String(asObject(value)?.type)) ? idOf(value) : [];
const listOf = (value: unknown, key: string): unknown[] => {
  const list = asObject(value)?.[key];
  return Array.isArray(list) ? list : [];
};

/**
 * The Intercom contact ids a notification's item names, wherever its shape puts them: a
 * contact, a tag link's contact, a conversation's contacts, opening author and part authors.
 * Read loosely: it only decides whether a stored payload is about an erased person.
 */
export function mentionedContactIds(item: unknown): string[] {
  const ids = [
    ...personIdOf(item),
    ...idOf(asObject(item)?.contact),
    // Version 1.x items: a `user_tag`'s and a conversation's person is `user`.
    ...personIdOf(asObject(item)?.user),
    ...idOf(asObject(item)?.merged_from),
    ...listOf(asObject(item)?.contacts, "contacts").flatMap(idOf),
    ...personIdOf(asObject(asObject(item)?.source)?.author),
    ...listOf(asObject(item)?.conversation_parts, "conversation_parts").flatMap((part) =>
      personIdOf(asObject(part)?.author),
    ),
  ];
  return [...new Set(ids)];
}
