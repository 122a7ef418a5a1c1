import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import {
  contacts,
  conversationParts,
  conversations,
  customers,
  syncState,
} from "../db/schema/index.ts";
import { textArray } from "../db/sql.ts";
import { DAY_MS } from "../shared/clock.ts";
import { type AlertDraft, cancelIntentAlert } from "./alerts.ts";
import { raiseAlerts } from "./alerts-raise.ts";
import { supportPointsSql } from "./quality.ts";

/** Who counts as the customer speaking: cancel intent from a teammate's reply does not count. */
const CUSTOMER_AUTHORS = sql`('user', 'lead', 'contact')`;

/** Which customers to refresh: those of some contacts, or up to `limit` never refreshed. */
type SupportScope = { contactIds: readonly string[] } | { neverRefreshed: number };

function touched(workspaceId: string, scope: SupportScope): SQL {
  if ("contactIds" in scope)
    return sql`select distinct lower(${contacts.email}) as email from ${contacts}
      where ${contacts.workspaceId} = ${workspaceId} and ${contacts.id} = any(${textArray(scope.contactIds)})
        and ${contacts.email} is not null`;
  return sql`select ${customers.email} as email from ${customers}
    where ${customers.workspaceId} = ${workspaceId} and ${customers.supportRefreshedAt} is null
    limit ${scope.neverRefreshed}`;
}

/**
 * Recomputes the support columns of the customers in `scope` from stored conversations and
 * parts, in one statement and without API calls: totals, last 30 days, open, cancel intent in
 * the last 30 days (customer-written parts or opening message), average CSAT, median first
 * response (conversations created in the last 30 days), median time to close (closed in the
 * last 30 days), reopens. The quality score's support points move with them. Returns the
 * cancel-intent alerts this created (once per customer and conversation).
 */
export async function refreshSupportMetrics(
  db: Executor,
  workspaceId: string,
  scope: SupportScope,
  now: Date,
): Promise<AlertDraft[]> {
  return (await refresh(db, workspaceId, scope, now)).alerts;
}

const FILL_BATCH = 2_000;

/**
 * Support metrics for customers that never had them (created by a contact run after the
 * conversations were synced), in batches. Nothing to do before any conversation run.
 */
export async function fillSupportOfNewCustomers(
  db: Executor,
  workspaceId: string,
  now: Date,
): Promise<AlertDraft[]> {
  const [synced] = await db
    .select({ at: syncState.watermark })
    .from(syncState)
    .where(and(eq(syncState.workspaceId, workspaceId), eq(syncState.kind, "conversations")));
  if (!synced) return [];
  const raised: AlertDraft[] = [];
  for (;;) {
    const batch = await refresh(db, workspaceId, { neverRefreshed: FILL_BATCH }, now);
    raised.push(...batch.alerts);
    if (batch.refreshed < FILL_BATCH) return raised;
  }
}

async function refresh(
  db: Executor,
  workspaceId: string,
  scope: SupportScope,
  now: Date,
): Promise<{ refreshed: number; alerts: AlertDraft[] }> {
  if ("contactIds" in scope && scope.contactIds.length === 0) return { refreshed: 0, alerts: [] };
  const since = new Date(now.getTime() - 30 * DAY_MS);
  const result = await db.execute(sql`
    with touched as (${touched(workspaceId, scope)}),
    -- A left join: a customer no contact has the email of any more (deleted, or the email
    -- changed) is refreshed too, to zeros. Left out, it stayed never-refreshed, ended the fill
    -- early (a short batch) and, once a batch's worth piled up, stalled it for good.
    people as materialized (
      select t.email, array_remove(array_agg(c.id), null) as ids from touched t
      left join ${contacts} c on c.workspace_id = ${workspaceId} and lower(c.email) = t.email
      group by t.email
    ),
    -- Materialized steps: the planner cannot see these sizes, and left to inline them it
    -- re-ran the parts probe for every (customer, conversation) pair (seconds per page).
    matched as materialized (
      select p.email, c.id, c.intercom_created_at, c.open, c.rating, c.first_response_seconds,
        c.time_to_close_seconds, c.last_closed_at, c.reopens, c.opening_mentions_cancel, c.author_type
      from people p
      join ${conversations} c on c.workspace_id = ${workspaceId} and c.contact_ids && p.ids
        and c.deleted_at is null
    ),
    flagged as materialized (
      select m.*,
        (coalesce(m.opening_mentions_cancel, false) and m.intercom_created_at >= ${since}
          and m.author_type in ${CUSTOMER_AUTHORS})
        or exists (
          select 1 from ${conversationParts} cp
          where cp.workspace_id = ${workspaceId} and cp.conversation_id = m.id and cp.mentions_cancel
            and cp.intercom_created_at >= ${since} and cp.author_type in ${CUSTOMER_AUTHORS}
        ) as cancel
      from matched m
    ),
    metrics as materialized (
      select p.email,
        count(cv.id)::int as total,
        (count(cv.id) filter (where cv.intercom_created_at >= ${since}))::int as recent,
        (count(cv.id) filter (where cv.open))::int as open,
        coalesce(bool_or(cv.cancel), false) as cancel,
        max(cv.id) filter (where cv.cancel) as cancel_conversation,
        avg(cv.rating) as csat,
        percentile_cont(0.5) within group (order by cv.first_response_seconds)
          filter (where cv.intercom_created_at >= ${since}) as first_response,
        percentile_cont(0.5) within group (order by cv.time_to_close_seconds)
          filter (where cv.last_closed_at >= ${since}) as time_to_close,
        coalesce(sum(cv.reopens), 0)::int as reopens
      from people p left join flagged cv on cv.email = p.email
      group by p.email
    )
    update ${customers} cu set
      conversations_total = m.total,
      conversations_30d = m.recent,
      conversations_open = m.open,
      cancel_intent_30d = m.cancel,
      average_csat = m.csat,
      median_first_response_seconds = round(m.first_response)::int,
      median_time_to_close_seconds = round(m.time_to_close)::int,
      reopens = m.reopens,
      quality_score = cu.quality_score
        - ${supportPointsSql({ total: sql`cu.conversations_total`, csat: sql`cu.average_csat` })}
        + ${supportPointsSql({ total: sql`m.total`, csat: sql`m.csat` })},
      support_refreshed_at = ${now}
    from metrics m
    join ${customers} prior on prior.workspace_id = ${workspaceId} and prior.email = m.email
    where cu.workspace_id = ${workspaceId} and cu.email = m.email
    returning cu.email, m.cancel_conversation, prior.cancel_intent_30d as was_cancel, m.cancel`);
  const rows = result.rows as Array<{
    email: string;
    cancel_conversation: string | null;
    was_cancel: boolean | null;
    cancel: boolean;
  }>;
  const drafts: AlertDraft[] = rows.flatMap((r) =>
    r.cancel && r.was_cancel !== true && r.cancel_conversation
      ? [cancelIntentAlert(r.email, { conversationId: r.cancel_conversation })]
      : [],
  );
  return { refreshed: rows.length, alerts: await raiseAlerts(db, workspaceId, drafts) };
}
