import { applyContactTagChanges, upsertTags } from "../../contacts/tags-write.ts";
import {
  markContactsMerged,
  setContactsArchived,
  tombstoneContacts,
  upsertContacts,
} from "../../contacts/write.ts";
import { tombstoneConversations, upsertConversations } from "../../conversations/write.ts";
import type { Executor } from "../../db/client.ts";
import type { WritePlan } from "./plan.ts";

/**
 * At most one statement per table. Upserts run before tombstones and merges, so a delete in
 * the same batch as an update of the same contact always ends deleted.
 */
export async function writePlan(db: Executor, plan: WritePlan): Promise<void> {
  await upsertContacts(db, plan.contacts);
  await setContactsArchived(db, plan.contactArchiveChanges);
  await markContactsMerged(db, plan.contactMerges);
  await tombstoneContacts(db, plan.contactTombstones);
  await upsertTags(db, plan.tags);
  await applyContactTagChanges(db, plan.contactTags);
  await upsertConversations(db, plan.conversations);
  await tombstoneConversations(db, plan.conversationTombstones);
}
