/**
 * What one erasure costs against a realistic backlog: a temporary Postgres with N stored
 * webhook deliveries (2.16 contact payloads) and N outbox rows, then erasePerson (the code the
 * Worker runs) for one person who appears in a few of them. Prints the figures.
 *   node scripts/perf/bench-erasure.ts            (BENCH_ROWS=100000 by default)
 *   LEGACY=1 node scripts/perf/bench-erasure.ts   (deliveries stored before contact_ids existed)
 */
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { Database } from "../../src/db/client.ts";
import * as schema from "../../src/db/schema/index.ts";
import { erasePerson } from "../../src/erasure/erase.ts";
import { sampleNotification } from "../sandbox/samples/notifications.ts";
import { benchDatabase } from "./stack.ts";

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const WS = "bench";

const database = await benchDatabase("bench-erasure");
const pool = new pg.Pool({ connectionString: database.url, max: 2 });
try {
  const template = JSON.stringify(sampleNotification("contact.user.updated", { appId: WS }));
  const t0 = performance.now();
  // Row i is about contact c<i> with email user<i>@example.com and user id u<i>.
  await pool.query(
    `insert into webhook_deliveries (workspace_id, delivery_key, topic, received_at, payload, status, contact_ids)
     select $1, 'd' || i, 'contact.user.updated', now(),
       jsonb_set(jsonb_set(jsonb_set($2::jsonb, '{data,item,id}', to_jsonb('c' || i)),
         '{data,item,email}', to_jsonb('user' || i || '@example.com')),
         '{data,item,external_id}', to_jsonb('u' || i)),
       'applied',
       -- As stored since contact_ids exists; LEGACY=1 leaves it null (the text-scan path).
       case when $4 then null else array['c' || i] end
     from generate_series(1, $3) i`,
    [WS, template, ROWS, process.env.LEGACY === "1"],
  );
  await pool.query(
    `insert into outbox_messages (workspace_id, kind, idempotency_key, subject, payload, status)
     select $1, 'event', 'k' || i, 'u' || i,
       jsonb_build_object('eventName', 'viewed', 'createdAt', 1763800000, 'userId', 'u' || i,
         'email', 'user' || i || '@example.com', 'metadata', jsonb_build_object('page', 'p' || i)),
       case when i % 10 = 0 then 'pending' else 'delivered' end
     from generate_series(1, $2) i`,
    [WS, ROWS],
  );
  await pool.query("analyze webhook_deliveries");
  await pool.query("analyze outbox_messages");
  const sizes = await pool.query(
    `select pg_size_pretty(pg_total_relation_size('webhook_deliveries')) as deliveries,
       pg_size_pretty(pg_total_relation_size('outbox_messages')) as outbox,
       (select avg(pg_column_size(payload))::int from webhook_deliveries) as payload_bytes`,
  );
  console.log(
    `seeded ${ROWS} deliveries (${sizes.rows[0].deliveries}, ~${sizes.rows[0].payload_bytes} B payloads) and ${ROWS} outbox rows (${sizes.rows[0].outbox}) in ${Math.round(performance.now() - t0)} ms`,
  );
  const db = drizzle({ client: pool, schema }) as unknown as Database;
  const target = Math.floor(ROWS / 2);
  for (const [label, id] of [
    ["first erasure ", target],
    ["second erasure", target],
    ["other person  ", target + 10],
  ] as const) {
    const started = performance.now();
    const outcome = await db.transaction((tx) =>
      erasePerson(
        tx,
        {
          workspaceId: WS,
          requestedBy: "admin_api",
          reference: `bench-${label}-${id}`,
          requestedAt: new Date(),
          contactIds: [`c${id}`],
          userIds: [`u${id}`],
          emails: [`user${id}@example.com`],
          intercomStatus: "pending",
        },
        new Date(),
      ),
    );
    const { webhook_deliveries, outbox_messages, outbox_cancelled } = outcome.removed;
    console.log(
      `${label}: ${Math.round(performance.now() - started)} ms (deliveries scrubbed ${webhook_deliveries}, outbox ${outbox_messages}, cancelled ${outbox_cancelled})`,
    );
  }
  for (const table of ["webhook_deliveries", "outbox_messages"]) {
    const plan = await pool.query(
      `explain (analyze, format json) select 1 from ${table}
       where workspace_id = $1 and payload::text ilike any(array['%"c1"%', '%user1@example.com%'])`,
      [WS],
    );
    const top = plan.rows[0]["QUERY PLAN"][0];
    console.log(
      `${table} text match alone: ${Math.round(top["Execution Time"])} ms (${top.Plan["Node Type"]})`,
    );
  }
} finally {
  await pool.end().catch(() => {});
  await database.stop();
}
