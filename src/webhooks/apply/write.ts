import { deriveAccounts } from "../../accounts/derive.ts";
import { applyLinkChanges } from "../../companies/links.ts";
import { tombstoneCompanies, upsertCompanies } from "../../companies/write.ts";
import { applyContactTagChanges, upsertTags } from "../../contacts/tags-write.ts";
import { tombstoneContacts } from "../../contacts/tombstone.ts";
import { markContactsMerged, setContactsArchived, upsertContacts } from "../../contacts/write.ts";
import { tombstoneConversations } from "../../conversations/tombstone.ts";
import { upsertConversations } from "../../conversations/write.ts";
import type { AlertDraft } from "../../customers/alerts.ts";
import type { Executor } from "../../db/client.ts";
import { erasePerson } from "../../erasure/erase.ts";
import { scrubDeliveriesAboutErased } from "../../erasure/scrub.ts";
import type { WritePlan } from "./plan.ts";

/**
 * Companies, their tombstones and people, then the accounts of the companies touched, derived
 * again; the account alerts that raised, for Slack once the batch commits.
 */
async function writeCompanies(db: Executor, plan: WritePlan, now: Date): Promise<AlertDraft[]> {
  await upsertCompanies(db, plan.companies);
  const byWorkspace = new Map<string, string[]>();
  for (const t of plan.companyTombstones)
    byWorkspace.set(t.workspaceId, [...(byWorkspace.get(t.workspaceId) ?? []), t.id]);
  for (const [workspaceId, ids] of byWorkspace)
    await tombstoneCompanies(db, workspaceId, ids, now, "webhook");
  await applyLinkChanges(db, plan.companyLinks);
  const touched = new Map<string, Set<string>>();
  for (const { workspaceId, id } of plan.companies) touchedIn(touched, workspaceId).add(id);
  for (const l of plan.companyLinks) touchedIn(touched, l.workspaceId).add(l.companyId);
  const alerts: AlertDraft[] = [];
  for (const [workspaceId, ids] of touched)
    alerts.push(...(await deriveAccounts(db, workspaceId, { ids: [...ids] }, now)).alerts);
  return alerts;
}

function touchedIn(map: Map<string, Set<string>>, workspaceId: string): Set<string> {
  const set = map.get(workspaceId) ?? new Set<string>();
  map.set(workspaceId, set);
  return set;
}

/**
 * At most one statement per table, except erasures (a handful each, rare). Upserts run before
 * tombstones and merges, so a delete in the same batch as an update of the same contact
 * always ends deleted; erasures run before the tombstones, while the contact's email is
 * still there to find their customer row by. Payloads about erased people are scrubbed last.
 */
export async function writePlan(db: Executor, plan: WritePlan, now: Date): Promise<AlertDraft[]> {
  await upsertContacts(db, plan.contacts);
  await setContactsArchived(db, plan.contactArchiveChanges);
  await markContactsMerged(db, plan.contactMerges);
  for (const erasure of plan.erasures) await erasePerson(db, erasure, now);
  await tombstoneContacts(db, plan.contactTombstones);
  await upsertTags(db, plan.tags);
  await applyContactTagChanges(db, plan.contactTags);
  await upsertConversations(db, plan.conversations);
  await tombstoneConversations(db, plan.conversationTombstones);
  const alerts = await writeCompanies(db, plan, now);
  await scrubDeliveriesAboutErased(db, plan.mentions);
  return alerts;
}
