import { sql } from "drizzle-orm";
import type { AlertDraft } from "../customers/alerts.ts";
import { raiseAlerts } from "../customers/alerts-raise.ts";
import type { Executor } from "../db/client.ts";
import { insertFromRecordset } from "../db/recordset.ts";
import { accounts, companies } from "../db/schema/companies.ts";
import { bare, setFromExcluded, textArray } from "../db/sql.ts";
import { numberOf } from "../db/values.ts";
import { DAY_MS } from "../shared/clock.ts";
import { accountAlerts } from "./alerts.ts";
import { accountHealth } from "./health.ts";

/** Accounts derived per statement: one aggregate over this many companies and their people. */
const ACCOUNTS_PER_STATEMENT = 1000;

/** Which companies to derive: the next ones after `after` in id order, or these ids. */
export type AccountSelection = { after: string | null } | { ids: readonly string[] };

type Aggregate = {
  intercom_id: string;
  company_id: string | null;
  name: string | null;
  plan: string | null;
  monthly_spend: unknown;
  people_count: unknown;
  people_seen_30d: unknown;
  customers_count: unknown;
  mrr: unknown;
  arr: unknown;
  ltv: unknown;
  open_conversations: unknown;
  conversations_30d: unknown;
  cancel_mentions: unknown;
  delinquent_people: unknown;
  stored_mrr: unknown;
  stored_previous_mrr: unknown;
  stored_delinquent: unknown;
  stored_cancel: unknown;
};

/**
 * Derives the accounts of the selected (live) companies from their people's customer records,
 * each distinct customer counted once however many of its contacts are in the company, and
 * raises account alerts on what changed since the stored figures. Returns the last company id
 * derived (null when none was left), with the alerts raised.
 */
export async function deriveAccounts(
  db: Executor,
  workspaceId: string,
  selection: AccountSelection,
  now: Date,
): Promise<{ last: string | null; derived: number; alerts: AlertDraft[] }> {
  const result = await db.execute<Aggregate>(aggregateQuery(workspaceId, selection, now));
  const rows = result.rows;
  if (rows.length === 0) return { last: null, derived: 0, alerts: [] };
  const drafts: AlertDraft[] = [];
  const values = rows.map((r) => {
    const mrr = numberOf(r.mrr);
    const storedMrr = r.stored_mrr === null ? null : numberOf(r.stored_mrr);
    // The figure before the last change: it moves only when the MRR does.
    const previousMrr =
      storedMrr !== null && storedMrr !== mrr
        ? storedMrr
        : r.stored_previous_mrr === null
          ? null
          : numberOf(r.stored_previous_mrr);
    const figures = {
      peopleCount: numberOf(r.people_count),
      peopleSeen30d: numberOf(r.people_seen_30d),
      openConversations: numberOf(r.open_conversations),
      cancelMentions: numberOf(r.cancel_mentions),
      delinquentPeople: numberOf(r.delinquent_people),
      mrr,
      previousMrr,
    };
    drafts.push(
      ...accountAlerts(
        r.intercom_id,
        r.name,
        {
          mrr: storedMrr,
          delinquentPeople: r.stored_delinquent === null ? null : numberOf(r.stored_delinquent),
          cancelMentions: r.stored_cancel === null ? null : numberOf(r.stored_cancel),
        },
        figures,
        now,
      ),
    );
    return {
      workspaceId,
      intercomId: r.intercom_id,
      companyId: r.company_id,
      name: r.name,
      plan: r.plan,
      monthlySpend: r.monthly_spend === null ? null : numberOf(r.monthly_spend),
      mrr,
      previousMrr,
      arr: numberOf(r.arr),
      ltv: numberOf(r.ltv),
      peopleCount: figures.peopleCount,
      peopleSeen30d: figures.peopleSeen30d,
      customersCount: numberOf(r.customers_count),
      openConversations: figures.openConversations,
      conversations30d: numberOf(r.conversations_30d),
      cancelMentions: figures.cancelMentions,
      delinquentPeople: figures.delinquentPeople,
      health: accountHealth(figures),
      derivedAt: now,
    };
  });
  // Written only for a company still live, its row locked: a tombstone committed since the
  // aggregate read it is seen here (the lock waits for it, then the row is checked again), and
  // one coming later waits for this write and deletes what it wrote. Without the lock an
  // account the tombstone had deleted came back for good (found by the soak).
  await db.execute(sql`
    ${insertFromRecordset(accounts, values)}
    where exists (select 1 from ${companies} co where co.workspace_id = x.workspace_id
      and co.id = x.intercom_id and co.deleted_at is null for share)
    on conflict (${bare(accounts.workspaceId)}, ${bare(accounts.intercomId)}) do update set ${setFromExcluded(
      [
        accounts.companyId,
        accounts.name,
        accounts.plan,
        accounts.monthlySpend,
        accounts.mrr,
        accounts.previousMrr,
        accounts.arr,
        accounts.ltv,
        accounts.peopleCount,
        accounts.peopleSeen30d,
        accounts.customersCount,
        accounts.openConversations,
        accounts.conversations30d,
        accounts.cancelMentions,
        accounts.delinquentPeople,
        accounts.health,
        accounts.derivedAt,
      ],
    )}`);
  const raised = await raiseAlerts(db, workspaceId, drafts);
  return { last: rows[rows.length - 1]?.intercom_id ?? null, derived: rows.length, alerts: raised };
}

/** The figures of the selected companies' accounts, with their stored ones for the alerts. */
function aggregateQuery(workspaceId: string, selection: AccountSelection, now: Date) {
  const chosen =
    "ids" in selection
      ? sql`co.id = any(${textArray(selection.ids)})`
      : sql`co.id > ${selection.after ?? ""}`;
  const seenSince = new Date(now.getTime() - 30 * DAY_MS);
  // Every step materialized, and each customer found by its key: the planner cannot estimate
  // a CTE's rows, and inlined it re-ran the customers' aggregate once per company (72 s for
  // 1,000 companies where this takes milliseconds).
  return sql`
    with co as materialized (
      select co.id, co.company_id, co.name, co.plan, co.monthly_spend from companies co
      where co.workspace_id = ${workspaceId} and co.deleted_at is null and ${chosen}
      order by co.id limit ${ACCOUNTS_PER_STATEMENT}
    ), people as materialized (
      select l.company_id, c.id, lower(c.email) as email, c.last_seen_at
      from contact_companies l
      join contacts c on c.workspace_id = l.workspace_id and c.id = l.contact_id
      where l.workspace_id = ${workspaceId} and l.attached and l.company_id in (select id from co)
        and c.deleted_at is null and c.merged_into_id is null
    ), people_figures as materialized (
      select company_id, count(*)::int as people_count,
        count(*) filter (where last_seen_at > ${seenSince})::int as people_seen_30d
      from people group by company_id
    ), members as materialized (
      select p.company_id, cu.mrr, cu.arr, cu.ltv, cu.conversations_open, cu.conversations_30d,
        cu.cancel_intent_30d, cu.delinquent
      from (select distinct company_id, email from people where email is not null) p
      cross join lateral (
        select * from customers c where c.workspace_id = ${workspaceId} and c.email = p.email
      ) cu
    ), money as materialized (
      select company_id, count(*)::int as customers_count,
        coalesce(sum(mrr), 0)::float8 as mrr, coalesce(sum(arr), 0)::float8 as arr,
        coalesce(sum(ltv), 0)::float8 as ltv,
        coalesce(sum(conversations_open), 0)::int as open_conversations,
        coalesce(sum(conversations_30d), 0)::int as conversations_30d,
        count(*) filter (where cancel_intent_30d)::int as cancel_mentions,
        count(*) filter (where delinquent)::int as delinquent_people
      from members group by company_id
    )
    select co.id as intercom_id, co.company_id, co.name, co.plan, co.monthly_spend::float8 as monthly_spend,
      coalesce(pf.people_count, 0) as people_count, coalesce(pf.people_seen_30d, 0) as people_seen_30d,
      coalesce(m.customers_count, 0) as customers_count, coalesce(m.mrr, 0) as mrr,
      coalesce(m.arr, 0) as arr, coalesce(m.ltv, 0) as ltv,
      coalesce(m.open_conversations, 0) as open_conversations,
      coalesce(m.conversations_30d, 0) as conversations_30d,
      coalesce(m.cancel_mentions, 0) as cancel_mentions,
      coalesce(m.delinquent_people, 0) as delinquent_people,
      a.mrr as stored_mrr, a.previous_mrr as stored_previous_mrr,
      a.delinquent_people as stored_delinquent, a.cancel_mentions as stored_cancel
    from co
    left join people_figures pf on pf.company_id = co.id
    left join money m on m.company_id = co.id
    left join ${accounts} a on a.workspace_id = ${workspaceId} and a.intercom_id = co.id
    order by co.id`;
}

/** Every account of the workspace, statement by statement; the alerts raised. */
export async function deriveAllAccounts(
  db: Executor,
  workspaceId: string,
  now: Date,
): Promise<{ derived: number; alerts: AlertDraft[] }> {
  let after: string | null = null;
  let derived = 0;
  const alerts: AlertDraft[] = [];
  for (;;) {
    const step = await deriveAccounts(db, workspaceId, { after }, now);
    derived += step.derived;
    alerts.push(...step.alerts);
    if (step.last === null || step.derived < ACCOUNTS_PER_STATEMENT) return { derived, alerts };
    after = step.last;
  }
}
