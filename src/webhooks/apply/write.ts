import { applyContactTagChanges, upsertTags } from "../../contacts/tags-write.ts";
import { tombstoneContacts } from "../../contacts/tombstone.ts";
import { markContactsMerged, setContactsArchived, upsertContacts } from "../../contacts/write.ts";
import { tombstoneConversations } from "../../conversations/tombstone.ts";
import { upsertConversations } from "../../conversations/write.ts";
import type { Executor } from "../../db/client.ts";
import { erasePerson } from "../../erasure/erase.ts";
import { scrubDeliveriesAboutErased } from "../../erasure/scrub.ts";
import type { WritePlan } from "./plan.ts";

/**
 * At most one statement per table, except erasures (a handful each, rare). Upserts run before
 * tombstones and merges, so a delete in the same batch as an update of the same contact
 * always ends deleted; erasures run before the tombstones, while the contact's email is
 * still there to find their customer row by. Payloads about erased people are scrubbed last.
 */
export async function writePlan(db: Executor, plan: WritePlan, now: Date): Promise<void> {
  await upsertContacts(db, plan.contacts);
  await setContactsArchived(db, plan.contactArchiveChanges);
  await markContactsMerged(db, plan.contactMerges);
  for (const erasure of plan.erasures) await erasePerson(db, erasure, now);
  await tombstoneContacts(db, plan.contactTombstones);
  await upsertTags(db, plan.tags);
  await applyContactTagChanges(db, plan.contactTags);
  await upsertConversations(db, plan.conversations);
  await tombstoneConversations(db, plan.conversationTombstones);
  await scrubDeliveriesAboutErased(db, plan.mentions);
}
