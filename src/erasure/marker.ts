/**
 * What a scrubbed webhook or outbox payload becomes: the row keeps its dedupe key and status,
 * the content goes. Readers check for it before parsing (the webhook planner ignores such a
 * delivery; an outbox row carrying it is never pending).
 */
export function erasedMarker(erasureId: string) {
  return { erased: true, erasure_id: erasureId } as const;
}

export function isErasedMarker(payload: unknown): boolean {
  return (
    typeof payload === "object" &&
    payload !== null &&
    (payload as { erased?: unknown }).erased === true
  );
}

/** The value-free reason on an outbox write cancelled by an erasure. */
export const CANCELLED_BY_ERASURE = "cancelled: the person it is about was erased";

const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * ILIKE patterns that find a person in a payload's text: ids as whole JSON strings (quoted,
 * so `u_4` does not match `u_42`), emails anywhere (they also occur inside message text).
 */
export function payloadPatterns(subject: {
  contactIds: readonly string[];
  userIds: readonly string[];
  emails: readonly string[];
}): string[] {
  const quoted = [...subject.contactIds, ...subject.userIds].map(
    (id) => `%${likeEscaped(JSON.stringify(id))}%`,
  );
  return [...quoted, ...subject.emails.map((email) => `%${likeEscaped(email)}%`)];
}
