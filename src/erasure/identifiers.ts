import { hmacHex } from "../shared/hmac.ts";

/**
 * How a suppression names a person without holding their ids: each identifier as an
 * HMAC-SHA256 under ERASURE_HASH_KEY. Equality is all a lookup needs, and unlike a plain or
 * salted hash, a copy of the table cannot be matched against guessed user ids or emails
 * without the key.
 */

/** What one write, webhook item or synced contact names a person by. */
export interface PersonNames {
  contactId?: string | null | undefined;
  userId?: string | null | undefined;
  email?: string | null | undefined;
}

/** Every identifier an erasure found for the person (the suppression keeps them all). */
interface Identifiers {
  contactIds: readonly string[];
  userIds: readonly string[];
  emails: readonly string[];
}

const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Typed, so a user id that happens to equal a contact id names nobody else. */
const labelled = (ids: Identifiers): string[] => [
  ...ids.contactIds.map((id) => `contact:${id}`),
  ...ids.userIds.map((id) => `user:${id}`),
  ...ids.emails.filter((e) => e.trim() !== "").map((e) => `email:${normalizeEmail(e)}`),
];

/** The hashes of every identifier, distinct and sorted (the order locks are taken in). */
export async function hashIdentifiers(secret: string, ids: Identifiers): Promise<string[]> {
  const texts = [...new Set(labelled(ids))];
  const hashes = await Promise.all(texts.map((text) => hmacHex(secret, text)));
  return [...new Set(hashes)].sort();
}

/**
 * The one rule for whether something names a suppressed person: by its Intercom contact id,
 * by its user id, or by its email only when it names no user id. Another user of the product
 * who shares the erased person's email is someone else; a lead or an email-only write with
 * that email is taken to be them.
 */
export function namingIdentifiers(names: PersonNames): Identifiers {
  const userId = names.userId || null;
  return {
    contactIds: names.contactId ? [names.contactId] : [],
    userIds: userId ? [userId] : [],
    emails: !userId && names.email ? [names.email] : [],
  };
}

export function mergeIdentifiers(all: readonly Identifiers[]): Identifiers {
  return {
    contactIds: all.flatMap((i) => i.contactIds),
    userIds: all.flatMap((i) => i.userIds),
    emails: all.flatMap((i) => i.emails),
  };
}
