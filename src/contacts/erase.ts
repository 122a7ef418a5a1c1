import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { contacts } from "../db/schema/index.ts";

/** What a tombstone keeps of a contact: its ids and dates, none of its personal data. */
export const ERASED_PERSONAL_DATA = {
  externalId: null,
  email: null,
  name: null,
  phone: null,
  ownerId: null,
  location: null,
  customAttributes: null,
  raw: null,
} as const;

/**
 * A user's erasure request: our copies lose their personal data and become tombstones, so a
 * late webhook or sync page cannot bring them back (upserts skip deleted rows).
 */
export async function eraseContactsByExternalId(
  db: Executor,
  externalId: string,
  now: Date,
): Promise<number> {
  const erased = await db
    .update(contacts)
    .set({
      ...ERASED_PERSONAL_DATA,
      deletedAt: now,
      writtenAt: now,
      writtenFrom: "api",
    })
    .where(and(eq(contacts.externalId, externalId), isNull(contacts.deletedAt)))
    .returning({ id: contacts.id });
  return erased.length;
}
