import type pg from "pg";

/** The workspace the dashboard shows (INTERCOM_WORKSPACE_ID). */
export const WORKSPACE = "default";
/** The conversation the conversation page is explained on: it has 500 parts. */
export const LONG_CONVERSATION = "c-long";

export interface SeedSizes {
  /** Customers of the dashboard's workspace; another workspace gets half as many. */
  customers: number;
}

/**
 * A workspace the size the dashboard must stay quick at, in a few set-based statements:
 * customers (and their contacts), a year of conversations with parts, alerts, 30 days of
 * webhook deliveries and outbox rows, 90 days of sync runs (every 15 minutes, both kinds),
 * one running and some failed, companies of ten people each with their accounts, and 90 days
 * of write-back runs with their outbox rows (the newest a full run, still writing). Values
 * vary the way the queries filter on: plans, MRR (some null), at-risk flags, quality scores,
 * health, statuses, dates.
 */
export async function seedDashboard(client: pg.Pool | pg.Client, sizes: SeedSizes) {
  const n = sizes.customers;
  const run = (text: string, values: unknown[] = []) => client.query(text, values);
  await run(
    `insert into contacts (workspace_id, id, role, external_id, email, name, intercom_created_at,
       intercom_updated_at, written_at, written_from)
     select $1, 'k' || i, 'user', 'u' || i, 'person' || i || '@company' || (i % 997) || '.example',
       'Person ' || i, now() - (i % 700) * interval '1 day', now() - (i % 90) * interval '1 day',
       now(), 'sync'
     from generate_series(1, $2) i`,
    [WORKSPACE, n],
  );
  // Another workspace's customers share the table (and its indexes) with ours.
  for (const [workspace, count] of [
    [WORKSPACE, n],
    ["other-workspace", Math.floor(n / 2)],
  ] as const) {
    await run(
      `insert into customers (workspace_id, email, contact_id, contact_updated_at, name, mrr, arr,
         plan_name, subscription_status, delinquent, cancel_intent_30d, last_seen_at,
         conversations_open, average_csat, quality_score, synced_at)
       select $1, 'person' || i || '@company' || (i % 997) || '.example', 'k' || i,
         now() - (i % 90) * interval '1 day', 'Person ' || i,
         case when i % 3 = 0 then null else (i % 2000)::float8 end,
         case when i % 3 = 0 then null else (i % 2000) * 12::float8 end,
         (array['free','starter','team','business','enterprise','legacy','nonprofit','trial'])[1 + i % 8],
         (array['active','active','active','trialing','canceled','past_due','active','unpaid'])[1 + i % 8],
         i % 50 = 0, i % 33 = 0, now() - (i % 120) * interval '1 day',
         i % 4, 1 + (i % 5), i % 101, now()
       from generate_series(1, $2) i`,
      [workspace, count],
    );
  }
  // Two conversations per customer over a year, each in one contact's name.
  await run(
    `insert into conversations (workspace_id, id, state, open, title, contact_ids,
       intercom_created_at, intercom_updated_at, source_body, rating, written_at, written_from)
     select $1, 'c' || i, case when i % 4 = 0 then 'open' else 'closed' end, i % 4 = 0,
       'Conversation ' || i, array['k' || (1 + i % $2)],
       now() - (i % 365) * interval '1 day', now() - (i % 30) * interval '1 day',
       'Opening message ' || i, 1 + i % 5, now(), 'sync'
     from generate_series(1, $2 * 2) i`,
    [WORKSPACE, n],
  );
  await run(
    `insert into conversations (workspace_id, id, state, contact_ids, intercom_created_at,
       intercom_updated_at, written_at, written_from)
     values ($1, $2, 'open', array['k1'], now(), now(), now(), 'sync')`,
    [WORKSPACE, LONG_CONVERSATION],
  );
  await run(
    `insert into conversation_parts (workspace_id, conversation_id, id, part_type, body,
       author_type, intercom_created_at, written_at)
     select $1, case when i <= 500 then $3 else 'c' || (i % ($2 * 2)) end, 'p' || i, 'comment',
       'Part body ' || i, case when i % 2 = 0 then 'admin' else 'user' end,
       now() - (i % 1000) * interval '1 minute', now()
     from generate_series(1, $2) i`,
    [WORKSPACE, n, LONG_CONVERSATION],
  );
  await run(
    `insert into alerts (workspace_id, email, kind, change_key, message, created_at)
     select $1, 'person' || i || '@company' || (i % 997) || '.example',
       (array['high_value','cancel_intent','delinquent','mrr_change'])[1 + i % 4], 'k' || i,
       'Alert ' || i, now() - (i % 365) * interval '1 day'
     from generate_series(1, $2 / 2) i`,
    [WORKSPACE, n],
  );
  await run(
    `insert into webhook_deliveries (workspace_id, delivery_key, notification_id, topic,
       received_at, payload, status, processed_at, contact_ids)
     select $1, 'notif_' || i, 'notif_' || i,
       (array['contact.user.updated','conversation.user.replied','conversation.admin.closed','contact.user.created'])[1 + i % 4],
       now() - (i % 43200) * interval '1 minute', jsonb_build_object('id', 'notif_' || i),
       case when i % 500 = 0 then 'dead' when i % 97 = 0 then 'ignored' else 'applied' end,
       now() - (i % 43200) * interval '1 minute', array['k' || (1 + i % $2)]
     from generate_series(1, $2) i`,
    [WORKSPACE, n],
  );
  await run(
    `insert into outbox_messages (workspace_id, kind, idempotency_key, subject, payload, status,
       attempts, created_at, updated_at, delivered_at, next_attempt_at)
     select $1, 'event', 'key-' || i, 'u' || (1 + i % $2), jsonb_build_object('eventName', 'viewed'),
       s.status, 1, now() - (i % 43200) * interval '1 minute',
       now() - (i % 43200) * interval '1 minute',
       case when s.status = 'delivered' then now() - (i % 43200) * interval '1 minute' end,
       now() + interval '1 day'
     from generate_series(1, $2) i,
       lateral (select case when i % 400 = 0 then 'dead' when i % 250 = 0 then 'pending'
         else 'delivered' end as status) s`,
    [WORKSPACE, n],
  );
  // 90 days of runs every 15 minutes, both kinds; the newest contact run is running.
  await run(
    `insert into sync_runs (workspace_id, kind, mode, trigger, status, started_at, finished_at,
       pages, contacts_synced, conversations_synced, last_error)
     select $1, k.kind, case when i % 672 = 0 then 'full' else 'incremental' end, 'cron',
       case when i = 1 and k.kind = 'contacts' then 'running'
         when i = 3 or i % 211 = 0 then 'failed' else 'succeeded' end,
       now() - i * interval '15 minutes',
       case when i = 1 and k.kind = 'contacts' then null else now() - i * interval '15 minutes' + interval '2 minutes' end,
       3, 120, 40, case when i = 3 or i % 211 = 0 then 'Intercom 500' end
     from generate_series(1, 96 * 90) i, (values ('contacts'), ('conversations')) k(kind)`,
    [WORKSPACE],
  );
  await run(
    `insert into sync_partitions (run_id, partition, pages, records, total, done)
     select id, p, 2, 300, 1000, status <> 'running' from sync_runs, generate_series(0, 1) p
     where workspace_id = $1`,
    [WORKSPACE],
  );
  await run(
    `insert into sync_failures (run_id, message_key, message, error)
     select id, 'page-' || f, '{}', 'Intercom 500' from sync_runs, generate_series(1, 3) f
     where workspace_id = $1 and status = 'failed'`,
    [WORKSPACE],
  );
  await seedAccounts(run, n);
  await seedWriteback(run, n);
  // What autovacuum would have done by now: the planner's statistics (without them it guesses,
  // and the plans would show the guess) and the visibility map index-only scans rely on.
  await run("vacuum analyze");
}

/** The company the account page is explained on. */
export const SOME_COMPANY = "cmp42";

/**
 * A company per ten customers (`Company <i>`, company id `acct-<i>`), each contact attached to
 * one, and their accounts with MRR and health spread out; another workspace's accounts share
 * the name index (it is not per workspace). A few alerts on accounts.
 */
async function seedAccounts(
  run: (text: string, values?: unknown[]) => Promise<unknown>,
  n: number,
) {
  const companies = Math.max(1, Math.floor(n / 10));
  for (const [workspace, count] of [
    [WORKSPACE, companies],
    ["other-workspace", Math.floor(companies / 2)],
  ] as const) {
    await run(
      `insert into companies (workspace_id, id, company_id, name, plan, intercom_updated_at,
         written_at, written_from)
       select $1, 'cmp' || i, 'acct-' || i, 'Company ' || i,
         (array['free','team','business','enterprise'])[1 + i % 4], now(), now(), 'sync'
       from generate_series(1, $2) i`,
      [workspace, count],
    );
    await run(
      `insert into accounts (workspace_id, intercom_id, company_id, name, plan, mrr, arr, ltv,
         people_count, people_seen_30d, customers_count, open_conversations, conversations_30d,
         cancel_mentions, delinquent_people, health, derived_at)
       select $1, 'cmp' || i, 'acct-' || i, 'Company ' || i,
         (array['free','team','business','enterprise'])[1 + i % 4], (i * 37 % 5000)::float8,
         (i * 37 % 5000) * 12::float8, (i * 37 % 5000) * 30::float8, 10, i % 10, 10, i % 5,
         i % 12, (i % 17 = 0)::int, (i % 23 = 0)::int,
         100 - 35 * (i % 23 = 0)::int - 25 * (i % 17 = 0)::int - 10 * (i % 5 >= 3)::int, now()
       from generate_series(1, $2) i`,
      [workspace, count],
    );
  }
  await run(
    `insert into contact_companies (workspace_id, contact_id, company_id, attached, changed_at,
       written_at)
     select $1, 'k' || i, 'cmp' || (1 + i % $3), i % 40 <> 0, now(), now()
     from generate_series(1, $2) i`,
    [WORKSPACE, n, companies],
  );
  await run(
    `insert into alerts (workspace_id, account_id, kind, change_key, message, created_at)
     select $1, 'cmp' || (1 + i % $2), (array['delinquent','cancel_intent','mrr_change'])[1 + i % 3],
       'account:' || i, 'Account alert ' || i, now() - (i % 90) * interval '1 day'
     from generate_series(1, $2) i`,
    [WORKSPACE, companies],
  );
}

/**
 * A write-back run after each 15-minute contact sync for 90 days (a dry run now and then):
 * most find nothing changed, one a day writes 1 % of the contacts, and the newest writes every
 * contact (a first run, or a new attribute) and is still writing, a tenth of its rows pending.
 * Each write is an outbox row of its own, a few dead. The dashboard's section reads the latest
 * five with their writes counted by status: the full run is the one that costs.
 */
async function seedWriteback(
  run: (text: string, values?: unknown[]) => Promise<unknown>,
  n: number,
) {
  await run(
    `insert into writeback_runs (workspace_id, dry_run, trigger, status, phase, contacts_total,
       contacts_scanned, contacts_planned, contacts_unchanged, created_at, updated_at,
       planned_at, finished_at)
     select $1, i % 500 = 7, case when i % 500 = 7 then 'manual' else 'after_sync' end,
       case when i = 0 then 'writing' else 'succeeded' end, 'done', $2, $2, w.planned,
       $2 - w.planned, now() - i * interval '15 minutes', now() - i * interval '15 minutes',
       now() - i * interval '15 minutes',
       case when i = 0 then null else now() - i * interval '15 minutes' + interval '1 minute' end
     from generate_series(0, 96 * 90 - 1) i,
       lateral (select case when i = 0 then $2 when i % 96 = 0 then $2 / 100 else 0 end as planned) w`,
    [WORKSPACE, n],
  );
  await run(
    `with targets as (
       select r.id as run_id, r.status as run_status, r.created_at, i
       from writeback_runs r, generate_series(1, r.contacts_planned) i
       where r.workspace_id = $1 and not r.dry_run),
     rows as (
       insert into outbox_messages (workspace_id, kind, idempotency_key, subject, payload, status,
         attempts, last_error, created_at, updated_at, delivered_at, next_attempt_at)
       select $1, 'writeback', 'writeback:' || run_id || ':contact:k' || i, 'u' || i,
         jsonb_build_object('runId', run_id, 'model', 'contact', 'intercomId', 'k' || i),
         s.status, 1, case when s.status = 'dead' then 'Intercom 422' end, created_at,
         created_at, case when s.status = 'delivered' then created_at end,
         now() + interval '1 day'
       from targets,
         lateral (select case when run_status = 'writing' and i % 10 = 0 then 'pending'
           when i % 500 = 0 then 'dead' else 'delivered' end as status) s
       returning id, idempotency_key)
     insert into writeback_writes (run_id, model, intercom_id, outbox_id)
     select split_part(idempotency_key, ':', 2)::uuid, 'contact', split_part(idempotency_key, ':', 4), id
     from rows`,
    [WORKSPACE],
  );
}
