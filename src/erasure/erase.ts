import { deriveAccounts } from "../accounts/derive.ts";
import { tombstoneContacts } from "../contacts/tombstone.ts";
import { redactErasedContacts } from "../conversations/erased.ts";
import type { Executor } from "../db/client.ts";
import type { ErasureCounts, ErasureSource, WriteSource } from "../db/schema/index.ts";
import { hashIdentifiers } from "./identifiers.ts";
import { addCounts, closeRecord, type IntercomStatus, noteContacts, openRecord } from "./record.ts";
import { deleteCustomerData, scrubOutbox, scrubWebhookDeliveries } from "./scrub.ts";
import { resolveSubject, type Subject } from "./subject.ts";
import { lockIdentifiers, recordSuppression } from "./suppression.ts";
import { forgetWrittenFigures } from "./writeback.ts";

export interface ErasureRequest {
  workspaceId: string;
  requestedBy: ErasureSource;
  /** One record per request: the admin DELETE's outbox row id, or the delivery key. */
  reference: string;
  requestedAt: Date;
  /** What the request names; widened to every id and email we hold for the person. */
  contactIds: string[];
  userIds: string[];
  emails: string[];
  intercomStatus: IntercomStatus;
  /**
   * The product asked (admin API): the person stays erased, and later writes, webhooks and
   * syncs naming them are refused or skipped, until an operator lifts it. Keyed by the request's
   * reference, so each pass (and each workspace) widens the same suppression.
   */
  suppress?: { hashKey: string } | undefined;
}

export interface ErasureOutcome {
  erasureId: string;
  /** The suppression this request keeps in force; null when not asked for, or lifted. */
  suppressionId: string | null;
  /** What this pass removed (a repeated erasure counts zeros). */
  removed: ErasureCounts;
  /** Every identifier it found for the person (to look for them in other workspaces). */
  found: Pick<Subject, "contactIds" | "userIds" | "emails">;
}

const SOURCE_OF: Record<ErasureSource, WriteSource> = {
  admin_api: "api",
  intercom_webhook: "webhook",
  intercom_sync: "sync",
};

/**
 * Removes our copies of one person, in the caller's transaction: contacts become tombstones
 * (ids and dates only, so older updates cannot resurrect them), their customer rows, alerts
 * and tag links go, conversations only they took part in become tombstones, their words in
 * shared ones are blanked, and stored webhook and outbox payloads that mention them lose
 * their content. Idempotent; recorded in `erasures` with counts and no personal data.
 */
export async function erasePerson(
  db: Executor,
  request: ErasureRequest,
  now: Date,
): Promise<ErasureOutcome> {
  const record = await openRecord(db, request, request.intercomStatus, now);
  const subject = await resolveSubject(db, request);
  await noteContacts(db, record.id, subject.contactIds);
  // Before the outbox is scrubbed: a write being stored now either sees the suppression or
  // has its row cancelled below (src/erasure/suppression.ts).
  const suppressionId = request.suppress
    ? await suppressSubject(db, request, record.id, subject, request.suppress.hashKey, now)
    : null;
  const written = { writtenAt: now, writtenFrom: SOURCE_OF[request.requestedBy] };
  await tombstoneContacts(
    db,
    subject.contactIds.map((id) => ({
      workspaceId: request.workspaceId,
      id,
      deletedAt: request.requestedAt,
      ...written,
    })),
  );
  const customers = await deleteCustomerData(db, subject);
  // Its accounts no longer count the person: their figures are derived again now.
  if (customers.companiesLeft.length > 0)
    await deriveAccounts(db, request.workspaceId, { ids: customers.companiesLeft }, now);
  const conversations =
    subject.contactIds.length > 0
      ? await redactErasedContacts(
          db,
          request.workspaceId,
          { contactIds: subject.contactIds },
          written,
        )
      : null;
  const own = request.requestedBy === "intercom_webhook" ? request.reference : null;
  const deliveries = await scrubWebhookDeliveries(db, subject, record.id, own);
  const outbox = await scrubOutbox(db, subject, record.id, now);
  const writeback = await forgetWrittenFigures(db, request.workspaceId, subject.contactIds);
  const removed: ErasureCounts = {
    contacts: subject.liveContacts,
    contact_tags: customers.contactTags,
    contact_companies: customers.contactCompanies,
    customers: customers.customers,
    alerts: customers.alerts,
    conversations: conversations?.conversations ?? 0,
    conversation_parts: conversations?.conversationParts ?? 0,
    conversation_tags: conversations?.conversationTags ?? 0,
    parts_redacted: conversations?.partsRedacted ?? 0,
    conversations_redacted: conversations?.conversationsRedacted ?? 0,
    webhook_deliveries: deliveries,
    outbox_messages: outbox.scrubbed,
    outbox_cancelled: outbox.cancelled,
    writeback_targets: writeback,
  };
  await closeRecord(db, record.id, {
    removed: addCounts(record.removed, removed),
    userIds: subject.userIds,
    intercomStatus: request.intercomStatus,
    now,
  });
  const found = {
    contactIds: subject.contactIds,
    userIds: subject.userIds,
    emails: subject.emails,
  };
  return { erasureId: record.id, suppressionId, removed, found };
}

async function suppressSubject(
  db: Executor,
  request: ErasureRequest,
  erasureId: string,
  subject: Subject,
  hashKey: string,
  now: Date,
): Promise<string | null> {
  const hashes = await hashIdentifiers(hashKey, subject);
  await lockIdentifiers(db, hashes, "exclusive");
  return recordSuppression(db, {
    reference: request.reference,
    erasureId,
    workspaceId: request.workspaceId,
    hashes,
    now,
  });
}
