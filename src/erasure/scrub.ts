import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { textArray } from "../db/sql.ts";
import { CANCELLED_BY_ERASURE, erasedMarker, payloadPatterns } from "./marker.ts";
import type { Subject } from "./subject.ts";

const notYetErased = sql`coalesce(payload->>'erased', '') <> 'true'`;

/**
 * Stored notifications that mention the person lose their content; the row (its dedupe key,
 * topic, status, times) stays, so a redelivery is still recognised as a duplicate. A
 * delivery not yet applied is then ignored by the planner. Found by the contact ids each
 * delivery was stored with (GIN index); rows stored before that column existed are matched
 * as text (ids, user ids, emails), a scan that shrinks to nothing as retention purges them.
 */
export async function scrubWebhookDeliveries(
  db: Executor,
  subject: Subject,
  erasureId: string,
  /** The `contact.deleted` being applied: scrubbed with its batch, not counted as removed. */
  ownDeliveryKey: string | null,
): Promise<number> {
  const patterns = payloadPatterns(subject);
  if (patterns.length === 0) return 0;
  // Two statements, not an OR: each is served by its own index (the GIN one, and the partial
  // index of legacy rows, empty once retention has purged them).
  const scrub = (match: SQL) =>
    db.execute(sql`
    update webhook_deliveries
    set payload = ${JSON.stringify(erasedMarker(erasureId))}::jsonb, last_error = null
    where workspace_id = ${subject.workspaceId} and ${notYetErased}
      and delivery_key is distinct from ${ownDeliveryKey} and ${match}
    returning 1`);
  const byIds = await scrub(sql`contact_ids && ${textArray(subject.contactIds)}`);
  const legacy = await scrub(
    sql`contact_ids is null and payload::text ilike any(${textArray(patterns)})`,
  );
  return byIds.rows.length + legacy.rows.length;
}

/**
 * Writes about the person lose their payload and subject. Every write names whom it is about
 * in `subject` (user id, email for alerts, Intercom id for events sent by id): found by index.
 * Those still to deliver are `cancelled`, with a value-free reason: an identify or an event
 * sent after the erasure would create the person in Intercom again. That status is final: a
 * consumer sending the row right now cannot settle it over the cancellation (its settle is
 * fenced, src/outbox/lease.ts), and no retry takes it. Pending Intercom deletes are left
 * alone: they carry out the erasure there, and scrub themselves once delivered.
 */
export async function scrubOutbox(
  db: Executor,
  subject: Subject,
  erasureId: string,
  now: Date,
): Promise<{ scrubbed: number; cancelled: number }> {
  const subjects = [...subject.userIds, ...subject.emails, ...subject.contactIds];
  if (subjects.length === 0) return { scrubbed: 0, cancelled: 0 };
  const result = await db.execute<{ open: boolean }>(sql`
    with matched as (
      select id, status in ('pending', 'failed', 'unsure') as open from outbox_messages
      where workspace_id = ${subject.workspaceId} and ${notYetErased}
        and subject = any(${textArray(subjects)})
        and not (kind = 'contact.delete' and status in ('pending', 'failed', 'unsure'))
    )
    update outbox_messages o set
      payload = ${JSON.stringify(erasedMarker(erasureId))}::jsonb,
      subject = null,
      status = case when matched.open then 'cancelled' else o.status end,
      last_error = case when matched.open then ${CANCELLED_BY_ERASURE} else null end,
      lease_until = null,
      lease_token = null,
      updated_at = ${now.toISOString()}::timestamptz
    from matched where o.id = matched.id
    returning matched.open as open`);
  return {
    scrubbed: result.rows.length,
    cancelled: result.rows.filter((r) => r.open).length,
  };
}

/**
 * Customers keyed by the person's emails or contacts, their alerts, and their tag and company
 * links; the companies they left are returned, for their accounts to be derived again.
 */
export async function deleteCustomerData(
  db: Executor,
  subject: Subject,
): Promise<{
  customers: number;
  alerts: number;
  contactTags: number;
  contactCompanies: number;
  companiesLeft: string[];
}> {
  const ws = subject.workspaceId;
  const emails = textArray(subject.emails);
  const ids = textArray(subject.contactIds);
  const result = await db.execute<{
    customers: number;
    alerts: number;
    tags: number;
    links: number;
    companies: string[] | null;
  }>(sql`
    with customers_gone as (
      delete from customers
      where workspace_id = ${ws} and (email = any(${emails}) or contact_id = any(${ids}))
      returning email
    ), alerts_gone as (
      delete from alerts
      where workspace_id = ${ws}
        and (lower(email) = any(${emails}) or email in (select email from customers_gone))
      returning 1
    ), tags_gone as (
      delete from contact_tags where workspace_id = ${ws} and contact_id = any(${ids})
      returning 1
    ), links_gone as (
      delete from contact_companies where workspace_id = ${ws} and contact_id = any(${ids})
      returning company_id, attached
    )
    select (select count(*)::int from customers_gone) as customers,
      (select count(*)::int from alerts_gone) as alerts,
      (select count(*)::int from tags_gone) as tags,
      (select count(*)::int from links_gone) as links,
      (select array_agg(distinct company_id) from links_gone where attached) as companies`);
  const row = result.rows[0];
  return {
    customers: row?.customers ?? 0,
    alerts: row?.alerts ?? 0,
    contactTags: row?.tags ?? 0,
    contactCompanies: row?.links ?? 0,
    companiesLeft: row?.companies ?? [],
  };
}

export interface DeliveryMention {
  workspaceId: string;
  deliveryKey: string;
  contactIds: string[];
}

/**
 * A notification about a contact already erased (a late update, a replay after its row was
 * purged) was applied without effect, but its stored payload still holds their data: it is
 * scrubbed in the same transaction, so nothing of theirs stays behind.
 */
export async function scrubDeliveriesAboutErased(
  db: Executor,
  mentions: readonly DeliveryMention[],
): Promise<number> {
  const about = mentions.filter((m) => m.contactIds.length > 0);
  if (about.length === 0) return 0;
  const records = JSON.stringify(
    about.map((m) => ({
      workspace_id: m.workspaceId,
      delivery_key: m.deliveryKey,
      contact_ids: m.contactIds,
    })),
  );
  const result = await db.execute(sql`
    update webhook_deliveries d set payload = '{"erased": true}'::jsonb, last_error = null
    from jsonb_to_recordset(${records}::jsonb) as m(workspace_id text, delivery_key text, contact_ids text[])
    where d.workspace_id = m.workspace_id and d.delivery_key = m.delivery_key
      and coalesce(d.payload->>'erased', '') <> 'true'
      and exists (
        select 1 from erasures e
        where e.workspace_id = m.workspace_id and e.intercom_contact_ids && m.contact_ids
      )
    returning 1`);
  return result.rows.length;
}

/**
 * Drops the stored content of deliveries that are never applied (for another workspace, or
 * about a suppressed person): the row keeps its dedupe key, topic, status and reason.
 */
export async function dropDeliveryContent(
  db: Executor,
  refs: readonly { workspaceId: string; deliveryKey: string }[],
): Promise<void> {
  if (refs.length === 0) return;
  const records = JSON.stringify(
    refs.map((r) => ({ workspace_id: r.workspaceId, delivery_key: r.deliveryKey })),
  );
  await db.execute(sql`
    update webhook_deliveries d set payload = '{"erased": true}'::jsonb, last_error = null
    from jsonb_to_recordset(${records}::jsonb) as r(workspace_id text, delivery_key text)
    where d.workspace_id = r.workspace_id and d.delivery_key = r.delivery_key`);
}
