import { env } from "cloudflare:workers";
import type { Env } from "../../src/config/env.ts";
import { writebackRunView } from "../../src/http/views/writeback.ts";
import type { OutboxMessage } from "../../src/outbox/messages.ts";
import { handleQueue } from "../../src/queues/handler.ts";
import { QUEUES } from "../../src/queues/names.ts";
import { createServices } from "../../src/services.ts";
import type { SyncMessage } from "../../src/sync/messages.ts";
import { startSync } from "../../src/sync/start.ts";
import { writebackProgress } from "../../src/writeback/read.ts";
import { startWriteback } from "../../src/writeback/start.ts";
import { batchOf } from "./queue-batch.ts";
import { collectingQueue, collectingSyncQueues } from "./sync.ts";

export const WRITEBACK_SANDBOX = (env as unknown as { WRITEBACK_SANDBOX_BASE: string })
  .WRITEBACK_SANDBOX_BASE;

/** A workspace of the test's own on the write-back sandbox; `vars` override settings. */
export function writebackWorkspace(vars: Record<string, string> = {}) {
  const workspaceId = `ws_${crypto.randomUUID().slice(0, 8)}`;
  const base = {
    ...env,
    INTERCOM_API_BASE: WRITEBACK_SANDBOX,
    INTERCOM_WORKSPACE_ID: workspaceId,
    ...vars,
  } as Env;
  const envWith = (sync: SyncMessage[], outbox: OutboxMessage[] = []) =>
    ({ ...base, ...collectingSyncQueues(sync), OUTBOX_QUEUE: collectingQueue(outbox) }) as Env;
  return {
    workspaceId,
    services: createServices(base),
    envWith,
    /** For test/support/companies.ts `runToEnd` (sync runs). */
    envFor: (sent: SyncMessage[]) => envWith(sent),
  };
}

export type WritebackWorkspace = ReturnType<typeof writebackWorkspace>;

/** Starts a write-back run with its first planning slice caught, not delivered. */
export async function startCaught(ws: WritebackWorkspace, dryRun: boolean) {
  const sent: SyncMessage[] = [];
  const run = await startWriteback(dryRun, "manual", {
    db: ws.services.db(),
    queue: collectingQueue(sent),
    workspaceId: ws.workspaceId,
    now: new Date(),
  });
  return { run, sent };
}

/**
 * Starts a write-back run and delivers everything it queues through the real consumers: its
 * planning slices one per batch (delays skipped), the outbox rows in batches of 20, as
 * wrangler.toml does. A retried message fails the helper: none should be retried here.
 * `deliver: false` plans only, and hands back the outbox messages it queued.
 */
export async function runWriteback(
  ws: WritebackWorkspace,
  dryRun: boolean,
  options: { deliver?: boolean } = {},
) {
  const { run, sent: sync } = await startCaught(ws, dryRun);
  const outbox: OutboxMessage[] = [];
  const { counts, held } = await drain(ws, sync, outbox, options.deliver !== false);
  return { view: await viewOf(ws, run.id), counts, held };
}

/**
 * Delivers what the queues hold through the real consumers until nothing is left: the outbox
 * first, in batches of 20, as its consumer keeps up (a planning slice waits for rows that are
 * not delivered), then sync messages one per batch (delays skipped). `deliver: false` keeps
 * the outbox messages back and hands them over.
 */
async function drain(
  ws: WritebackWorkspace,
  sync: SyncMessage[],
  outbox: OutboxMessage[],
  deliverOutbox: boolean,
) {
  const counts = { slices: 0, outboxBatches: 0 };
  const held: OutboxMessage[] = [];
  for (let guard = 0; ; guard++) {
    if (guard > 5_000) throw new Error("the queues never emptied");
    if (!deliverOutbox) held.push(...outbox.splice(0));
    if (sync.length === 0 && outbox.length === 0) break;
    const [queue, bodies] =
      outbox.length > 0 ? [QUEUES.outbox, outbox.splice(0, 20)] : [QUEUES.sync, sync.splice(0, 1)];
    await deliver(ws, queue, bodies, sync, outbox);
    if (queue === QUEUES.sync) counts.slices += 1;
    else counts.outboxBatches += 1;
  }
  return { counts, held };
}

/** A contact sync run to its end, with what it queues delivered (a write-back it starts too). */
export async function syncToEnd(ws: WritebackWorkspace, mode: "full" | "incremental") {
  const sync: SyncMessage[] = [];
  const outbox: OutboxMessage[] = [];
  const run = await startSync("contacts", mode, "test", {
    client: ws.services.intercom(),
    db: ws.services.db(),
    queue: collectingQueue(sync),
    workspaceId: ws.workspaceId,
    now: new Date(),
  });
  await drain(ws, sync, outbox, true);
  return run;
}

/** Delivers outbox messages in batches of 20 through the real consumer. */
export async function deliverOutbox(ws: WritebackWorkspace, messages: OutboxMessage[]) {
  for (let i = 0; i < messages.length; i += 20)
    await deliver(ws, QUEUES.outbox, messages.slice(i, i + 20), [], []);
}

async function deliver(
  ws: WritebackWorkspace,
  queue: string,
  bodies: unknown[],
  sync: SyncMessage[],
  outbox: OutboxMessage[],
  attempts = 1,
) {
  const { batch, outcomes } = batchOf(queue, bodies, attempts);
  await handleQueue(batch, ws.envWith(sync, outbox));
  if (outcomes.some((o) => o.retried)) throw new Error(`a ${queue} message was retried`);
}

/** One planning slice's message delivered as the queue would, `attempts` 2 for a redelivery. */
export async function deliverSlice(
  ws: WritebackWorkspace,
  message: SyncMessage,
  attempts = 1,
): Promise<{ sync: SyncMessage[]; outbox: OutboxMessage[] }> {
  const sync: SyncMessage[] = [];
  const outbox: OutboxMessage[] = [];
  await deliver(ws, QUEUES.sync, [message], sync, outbox, attempts);
  return { sync, outbox };
}

export async function viewOf(ws: WritebackWorkspace, runId: string) {
  const progress = await writebackProgress(ws.services.db(), runId);
  if (!progress) throw new Error("run vanished");
  return writebackRunView(progress);
}

/** A contact as the sandbox holds it, read as Intercom's API answers. */
export async function sandboxContact(id: string) {
  const res = await fetch(new URL(`/contacts/${id}`, WRITEBACK_SANDBOX), {
    headers: { authorization: "Bearer local-intercom-token", "intercom-version": "2.16" },
  });
  return (await res.json()) as { id: string; custom_attributes: Record<string, unknown> };
}

/** The sandbox's request counts by route (`PUT /contacts/{id}`), for counting calls. */
export async function sandboxCalls(): Promise<Record<string, number>> {
  const res = await fetch(new URL("/__sandbox/stats", WRITEBACK_SANDBOX));
  return ((await res.json()) as { byRoute: Record<string, number> }).byRoute;
}

export async function setKnobs(patch: Record<string, unknown>) {
  await fetch(new URL("/__sandbox/knobs", WRITEBACK_SANDBOX), {
    method: "PATCH",
    body: JSON.stringify(patch),
  });
}
