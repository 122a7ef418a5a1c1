import { sign } from "hono/jwt";
import { signIntercomBody } from "../../../src/webhooks/signature.ts";
import type { Notification, Sandbox } from "../../sandbox/server.ts";
import type { WorkspaceSize } from "./profiles.ts";
import type { Recorder } from "./recorder.ts";
import { runAll, SWEEP, type WorkerApi } from "./worker-api.ts";

/** What the workload needs besides the Worker: the settings it was started with. */
export interface WorkloadSettings {
  clientSecret: string;
  messengerSecret: string;
  origin: string;
  adminId: string;
}

/**
 * Records what an earlier write-back left for all contacts but the first `changed` (see
 * scripts/perf/writeback-state.ts). The limits run needs a full slice of writes, not a
 * workspace of them: delivered through local queues (about 30 a second), a first write-back of
 * 100,000 contacts takes most of an hour.
 */
export type PreviousWriteback = (changed: number) => Promise<void>;

/** Contacts the write-back step writes: a full planning slice of them, and its next slice's first. */
const WRITEBACK_CHANGED = 1_200;

/** Every kind of invocation the workload must have measured at each size. */
export const EXPECTED_KINDS = [
  "cron:* * * * *",
  "cron:*/15 * * * *",
  "cron:0 2 * * SUN",
  "cron:0 3 * * SUN",
  "cron:30 4 * * *",
  "queue:intercom-webhooks/webhook.delivery",
  "queue:intercom-outbox/outbox.deliver",
  "queue:intercom-sync/sync.contacts.step",
  "queue:intercom-sync/sync.conversations.page",
  "queue:intercom-sync/sync.conversations.parts",
  "queue:intercom-sync/sync.finish.contacts",
  "queue:intercom-sync/sync.finish.conversations",
  "queue:intercom-company-scroll/sync.companies.page",
  "queue:intercom-sync/sync.finish.companies",
  "queue:intercom-sync/writeback.plan",
  "fetch:POST /webhooks/intercom",
  "fetch:POST /v1/track",
  "fetch:POST /v1/events",
  "fetch:POST /v1/contacts/:contact/notes",
  "fetch:POST /v1/contacts/:contact/tags",
  "fetch:POST /v1/messages",
  "fetch:GET /v1/customers",
  "fetch:GET /v1/webhooks/deliveries",
  "fetch:GET /health",
  "fetch:GET /v1/health",
];

/**
 * Runs every kind of invocation the Worker has against one workspace, phase by phase (the
 * recorder files each meter line under its phase). Queue batches reach their configured
 * maximum: webhooks and outbox writes are sent in bursts far larger than a batch.
 */
export async function runWorkload(
  api: WorkerApi,
  sandbox: Sandbox,
  recorder: Recorder,
  size: WorkspaceSize,
  captured: Notification[],
  settings: WorkloadSettings,
  previousWriteback: PreviousWriteback,
): Promise<void> {
  // Syncs of the large workspace take minutes on a loaded machine; a stuck one fails the run.
  const runLimit = 60 * 60_000;
  const step = async (phase: string, body: () => Promise<void>) => {
    const started = Date.now();
    recorder.beginPhase(phase);
    await body();
    await recorder.quiet();
    console.log(
      `limits: ${size.label}: ${phase} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
    );
  };
  const fullRun = (kind: "contacts" | "conversations", cron: string) => async () => {
    const since = new Date(Date.now() - 1000);
    await api.cron(cron);
    await api.runEnded(kind, since, runLimit);
  };

  await step("contacts full", fullRun("contacts", "0 2 * * SUN"));
  // Contacts Intercom no longer has: the next full run's finish asks about each.
  await mutate(sandbox, "contacts.delete", size.deletedContacts);
  await step("contacts full, deletions", fullRun("contacts", "0 2 * * SUN"));
  // The same cron starts the full company run: its scroll, people and accounts.
  await step("conversations and companies full", async () => {
    const since = new Date(Date.now() - 1000);
    await api.cron("0 3 * * SUN");
    await api.runEnded("conversations", since, runLimit);
    await api.runEnded("companies", since, runLimit);
  });
  await mutate(sandbox, "contacts.update", Math.ceil(size.contacts / 100));
  await mutate(sandbox, "conversations.update", Math.ceil(size.conversations / 100));
  await step("incremental", async () => {
    const since = new Date(Date.now() - 1000);
    await api.cron("*/15 * * * *");
    await api.runEnded("contacts", since, runLimit);
    await api.runEnded("conversations", since, runLimit);
  });
  // The figures of the first 1,200 contacts onto Intercom (and every account's): its first
  // contact slice stores and queues a full 1,000 rows.
  await previousWriteback(WRITEBACK_CHANGED);
  await step("write-back", async () => {
    const res = await api.admin("/v1/writeback", { method: "POST", body: { dry_run: false } });
    if (res.status !== 202) throw new Error(`write-back start answered ${res.status}`);
    const { run_id } = (await res.json()) as { run_id: string };
    await api.writebackEnded(run_id, runLimit);
  });
  await step("webhooks", async () => {
    // What the changes above notified, delivered at once: batches fill to their maximum.
    const requests = await Promise.all(
      captured.map(async (n) => {
        const signature = await signIntercomBody(n.body, settings.clientSecret);
        return () =>
          fetch(`${api.baseUrl}/webhooks/intercom`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-hub-signature": signature },
            body: n.body,
          });
      }),
    );
    const statuses = await runAll(requests, 25);
    await api.deliveriesSettled(statuses[200] ?? 0);
  });
  await step("outbox", () => outboxBurst(api, sandbox, settings));
  await step("routes", () => hotRoutes(api, sandbox));
  await mutate(sandbox, "company.detach", Math.ceil(size.companies / 100));
  await mutate(sandbox, "company.rename", Math.ceil(size.companies / 100));
  await step("crons", async () => {
    for (let i = 0; i < 3; i++) await api.cron(SWEEP);
    // The purge and the daily incremental company run.
    const since = new Date(Date.now() - 1000);
    await api.cron("30 4 * * *");
    await api.runEnded("companies", since, runLimit);
  });
  recorder.endPhase();
}

async function mutate(sandbox: Sandbox, kind: string, count: number) {
  const res = await fetch(`${sandbox.url}/__sandbox/mutate`, {
    method: "POST",
    body: JSON.stringify({ kind, count }),
  });
  if (!res.ok) throw new Error(`sandbox mutate ${kind}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer().catch(() => {});
}

/** Users the sandbox has now: `user_id` and Intercom id. */
function users(sandbox: Sandbox, count: number) {
  const ws = sandbox.workspace();
  const found: Array<{ userId: string; id: string }> = [];
  for (const id of ws.contactOrder) {
    const c = ws.contacts.get(id);
    if (c?.role === "user" && c.externalId && !c.mergedInto)
      found.push({ userId: c.externalId, id: c.id });
    if (found.length >= count) break;
  }
  return found;
}

/**
 * Writes for Intercom of every kind, sent faster than the outbox delivers them, so its
 * consumer gets full batches (about 95 rows for batches of 20): events in one request,
 * notes, tags, messages, and browser events through /v1/track.
 */
async function outboxBurst(api: WorkerApi, sandbox: Sandbox, settings: WorkloadSettings) {
  const people = users(sandbox, 20);
  const now = Math.floor(Date.now() / 1000);
  const requests: Array<() => Promise<Response>> = [];
  requests.push(() =>
    api.admin("/v1/events", {
      method: "POST",
      body: {
        events: Array.from({ length: 40 }, (_, i) => ({
          event_name: "limits-event",
          user_id: people[i % people.length]?.userId,
          created_at: now - i,
        })),
      },
    }),
  );
  people.forEach((p, i) => {
    const path = `/v1/contacts/${encodeURIComponent(p.userId)}`;
    requests.push(() =>
      api.admin(`${path}/notes`, { method: "POST", body: { body: `Limits note ${i}` } }),
    );
    requests.push(() =>
      api.admin(`${path}/tags`, { method: "POST", body: { name: `limits-${i % 3}` } }),
    );
    if (i % 4 === 0)
      requests.push(() =>
        api.admin("/v1/messages", {
          method: "POST",
          body: {
            id: p.id,
            type: "inapp",
            body: `Limits message ${i}`,
            from_admin_id: settings.adminId,
          },
        }),
      );
  });
  for (const [i, p] of people.slice(0, 10).entries()) {
    const token = await sign(
      { user_id: p.userId, exp: now + 600 },
      settings.messengerSecret,
      "HS256",
    );
    requests.push(() =>
      fetch(`${api.baseUrl}/v1/track`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin: settings.origin,
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({ events: [{ event_name: "viewed-report", metadata: { n: i } }] }),
      }),
    );
  }
  const statuses = await runAll(requests, 12);
  const accepted = statuses[202] ?? 0;
  if (accepted < requests.length)
    console.log(`limits: outbox writes answered ${JSON.stringify(statuses)}`);
  await api.outboxSettled(accepted);
}

/** The operator's and the public routes most called, a few times each. */
async function hotRoutes(api: WorkerApi, sandbox: Sandbox) {
  const person = users(sandbox, 1)[0];
  const paths = [
    "/v1/customers?limit=100",
    "/v1/webhooks/deliveries?limit=100",
    "/v1/health",
    "/v1/sync/runs",
    ...(person ? [`/v1/contacts/${person.id}`] : []),
  ];
  const requests: Array<() => Promise<Response>> = [];
  for (let i = 0; i < 10; i++) {
    requests.push(() => fetch(`${api.baseUrl}/health`));
    for (const path of paths) requests.push(() => api.admin(path));
  }
  const statuses = await runAll(requests, 4);
  if (Object.keys(statuses).some((s) => Number(s) >= 400))
    console.log(`limits: routes answered ${JSON.stringify(statuses)}`);
}
