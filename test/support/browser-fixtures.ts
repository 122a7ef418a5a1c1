import type pg from "pg";
import { sampleNotification } from "../../scripts/sandbox/samples/notifications.ts";
import { signIntercomBody } from "../../src/webhooks/signature.ts";
import { ADMIN_KEY, type BrowserStack, CLIENT_SECRET, WORKSPACE_ID } from "./browser-stack.ts";

/** The dashboard's sections, in page order. */
export const SECTIONS = [
  "Health",
  "Sync runs",
  "Write-back",
  "Webhook deliveries",
  "Outbox",
  "Alerts",
  "Customers",
  "Charts",
  "Audit log",
];

/** A conversation's stored part bodies as its dashboard page lists them: oldest first, 50. */
export async function storedParts(db: pg.Client, conversationId: string): Promise<string[]> {
  const { rows } = await db.query<{ body: string | null }>(
    `select body from conversation_parts where workspace_id = $1 and conversation_id = $2
     order by intercom_created_at, id limit 50`,
    [WORKSPACE_ID, conversationId],
  );
  return rows.map((r) => r.body ?? "");
}

/** Polls `read` until `done` holds or time runs out; returns the last value read. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  ms = 60_000,
) {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    value = await read();
  }
  return value;
}

export async function topCustomerEmail(db: pg.Client): Promise<string> {
  const { rows } = await db.query<{ email: string }>(
    "select email from customers order by mrr desc nulls last limit 1",
  );
  return rows[0]?.email ?? "";
}

/** A conversation run that failed, with one recorded failure; returns its id. */
export async function failedRun(db: pg.Client): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into sync_runs (workspace_id, kind, mode, trigger, status, started_at, finished_at, last_error)
     values ($1, 'conversations', 'incremental', 'cron', 'failed', now() - interval '1 minute', now(),
       'test: a page failed for good')
     returning id::text`,
    [WORKSPACE_ID],
  );
  const id = rows[0]?.id ?? "";
  await db.query(
    `insert into sync_failures (run_id, message_key, message, error)
     values ($1, 'page:0:3', '{}', 'test: intercom 500')`,
    [id],
  );
  return id;
}

/** A real delivery, received and applied, then marked dead as if its retries had run out. */
export async function deadDelivery(env: BrowserStack) {
  const notification = sampleNotification("contact.user.created", { appId: WORKSPACE_ID });
  const body = JSON.stringify(notification);
  const posted = await fetch(`${env.stack.baseUrl}/webhooks/intercom`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-hub-signature": await signIntercomBody(body, CLIENT_SECRET),
    },
    body,
  });
  if (posted.status >= 300) throw new Error(`webhook answered ${posted.status}`);
  const statusOf = async () =>
    (
      await env.db.query<{ status: string; key: string }>(
        "select status, delivery_key as key from webhook_deliveries where notification_id = $1",
        [notification.id],
      )
    ).rows[0];
  const applied = await eventually(statusOf, (d) => d?.status === "applied");
  if (applied?.status !== "applied") throw new Error(`delivery is ${applied?.status}`);
  await env.db.query(
    "update webhook_deliveries set status = 'dead', last_error = 'test: retries exhausted' where notification_id = $1",
    [notification.id],
  );
  return { key: applied.key, statusOf };
}

/**
 * `count` dead deliveries of one topic, and how many of that topic are dead in all (what
 * "Replay all dead" of the topic replays); `statuses` reads theirs.
 */
export async function deadDeliveries(env: BrowserStack, count: number) {
  const made: Array<Awaited<ReturnType<typeof deadDelivery>>> = [];
  for (let i = 0; i < count; i++) made.push(await deadDelivery(env));
  const topic = "contact.user.created";
  const { rows } = await env.db.query<{ n: number }>(
    "select count(*)::int as n from webhook_deliveries where status = 'dead' and topic = $1",
    [topic],
  );
  const statuses = () => Promise.all(made.map(async (d) => (await d.statusOf())?.status));
  return { topic, dead: rows[0]?.n ?? 0, statuses };
}

/** A real outbox write, delivered to the sandbox, then marked dead as if it had given up. */
export async function deadOutboxRow(env: BrowserStack) {
  const accepted = await fetch(`${env.stack.baseUrl}/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({
      event_name: "browser-tested",
      email: await topCustomerEmail(env.db),
      idempotency_key: `browser-${crypto.randomUUID()}`,
    }),
  });
  if (accepted.status !== 202) throw new Error(`events answered ${accepted.status}`);
  const { data } = (await accepted.json()) as { data: Array<{ id: string }> };
  const id = data[0]?.id ?? "";
  const statusOf = async () =>
    (
      await env.db.query<{ status: string }>("select status from outbox_messages where id = $1", [
        id,
      ])
    ).rows[0]?.status;
  const delivered = await eventually(statusOf, (s) => s === "delivered");
  if (delivered !== "delivered") throw new Error(`outbox row is ${delivered}`);
  await env.db.query(
    "update outbox_messages set status = 'dead', last_error = 'test: gave up' where id = $1",
    [id],
  );
  return { id, statusOf };
}
