import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach } from "vitest";
import type { Env } from "../../src/config/env.ts";
import { customers } from "../../src/db/schema/customers.ts";
import { finishDepsFor, stepDepsFor } from "../../src/deps.ts";
import type { IntercomClient } from "../../src/intercom/client.ts";
import { createServices, type Services } from "../../src/services.ts";
import { finishMessageIfReady } from "../../src/sync/claim.ts";
import { runStep, stepFromCheckpoint } from "../../src/sync/contacts/step.ts";
import { runFinishSlice } from "../../src/sync/finish.ts";
import type { FinishDeps } from "../../src/sync/finish-deps.ts";
import type { ContactStepMessage, FinishMessage, SyncMessage } from "../../src/sync/messages.ts";
import { startSync } from "../../src/sync/start.ts";
import type { SyncWindow } from "../../src/sync/window.ts";

export const SYNC_SANDBOX = (env as unknown as { SYNC_SANDBOX_BASE: string }).SYNC_SANDBOX_BASE;

/** Services for a workspace of the test's own, reading the sync sandbox (or `base`). */
export function syncServices(base = SYNC_SANDBOX): Services {
  return createServices({
    ...env,
    INTERCOM_API_BASE: base,
    INTERCOM_WORKSPACE_ID: `ws_${crypto.randomUUID().slice(0, 8)}`,
  } as Env);
}

/** Stands in for the platform queue, so a test can deliver the run's messages itself. */
export function collectingQueue<T>(sent: T[]) {
  return {
    send: async (body: T) => {
      sent.push(body);
    },
    sendBatch: async (messages: Iterable<{ body: T }>) => {
      for (const m of messages) sent.push(m.body);
    },
  } as unknown as Queue<T>;
}

/**
 * `db` whose next `update` fails as a dropped connection once `goDown()` was called: Postgres
 * going away for a moment, as a failing step or slice then tries to give its lease back.
 */
export function briefOutage<T extends object>(db: T): { db: T; goDown: () => void } {
  let down = false;
  const flaky = new Proxy(db, {
    get(target, property, receiver) {
      if (property === "update" && down) {
        down = false;
        throw new Error("Connection terminated unexpectedly");
      }
      return Reflect.get(target, property, receiver);
    },
  });
  return {
    db: flaky,
    goDown: () => {
      down = true;
    },
  };
}

/**
 * Both queues sync messages travel on (src/sync/queue.ts), collecting into one list: a test
 * that delivers a run's messages by hand catches the company scroll's steps too.
 */
export function collectingSyncQueues(sent: SyncMessage[]) {
  const queue = collectingQueue(sent);
  return { SYNC_QUEUE: queue, COMPANY_SCROLL_QUEUE: queue };
}

/** An incremental run started with no Intercom client, its first messages caught, not queued. */
export async function startCaught(services: Services, kind: "contacts" | "conversations") {
  const sent: SyncMessage[] = [];
  const run = await startSync(kind, "incremental", "test", {
    client: null,
    db: services.db(),
    queue: collectingQueue(sent),
    workspaceId: services.config.INTERCOM_WORKSPACE_ID,
    now: new Date(),
  });
  return { run, sent };
}

/**
 * Runs a contact sync to the end by delivering each step as the consumer would. `client`
 * may be swapped to inject a crash; a step that throws is re-delivered, as the queue retries.
 */
export async function runSync(
  services: Services,
  mode: "incremental" | "full",
  client: IntercomClient | null = services.intercom(),
  window?: SyncWindow,
  /** After this many crashes the last error is thrown: a step that always fails ends the run. */
  maxCrashes = Number.POSITIVE_INFINITY,
) {
  if (!client) throw new Error("no Intercom client");
  const sent: ContactStepMessage[] = [];
  const run = await startSync(
    "contacts",
    mode,
    "test",
    {
      client,
      db: services.db(),
      queue: collectingQueue(sent),
      workspaceId: services.config.INTERCOM_WORKSPACE_ID,
      now: new Date(),
    },
    window,
  );
  let crashes = 0;
  let finishes: Array<Array<[string, unknown]>> = [];
  while (sent.length > 0) {
    const step = sent.shift() as ContactStepMessage;
    try {
      const result = await runStep(step, stepDepsFor(services, client));
      if (result.kind === "continue") sent.push(result.next);
      if (result.kind === "partition_done") {
        const delivered = await finishRun(services, client, run.id);
        if (delivered.length > 0) finishes = delivered;
      }
    } catch (error) {
      // As the consumer does: retry from the checkpoint.
      crashes += 1;
      if (crashes > maxCrashes) throw error;
      const next = await stepFromCheckpoint(services.db(), step);
      if (next) sent.push(next);
    }
  }
  // What each finish delivery asked Intercom, one entry per slice.
  return { runId: run.id, crashes, finishes };
}

/** An Intercom client that notes each call (method and first argument) before making it. */
export function countingClient(client: IntercomClient) {
  const calls: Array<[string, unknown]> = [];
  const counted = new Proxy(client, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.push([String(name), args[0]]);
        return value.apply(target, args);
      };
    },
  });
  return { client: counted, calls };
}

/**
 * Runs a run's finish to its end as the consumer would: each slice a delivery of its own,
 * with a client of its own, queuing the next. A slice that throws is delivered again.
 * Returns what each delivery asked Intercom.
 */
export async function finishRun(
  services: Services,
  client: IntercomClient,
  runId: string,
  overrides: Partial<FinishDeps> = {},
) {
  const perDelivery: Array<Array<[string, unknown]>> = [];
  let message: FinishMessage | null = await finishMessageIfReady(
    services.db(),
    runId,
    services.clock.now(),
  );
  for (let failures = 0; message; ) {
    const counted = countingClient(client);
    perDelivery.push(counted.calls);
    const deps = { ...finishDepsFor(services, counted.client), onAlerts: undefined, ...overrides };
    try {
      const outcome = await runFinishSlice(deps, message);
      message = outcome.kind === "continue" ? outcome.next : null;
    } catch (error) {
      if (++failures > 5) throw error;
    }
  }
  return perDelivery;
}

export async function customerRows(services: Services) {
  return services
    .db()
    .select()
    .from(customers)
    .where(eq(customers.workspaceId, services.config.INTERCOM_WORKSPACE_ID))
    .orderBy(customers.email);
}

export async function sandbox(path: string, init: RequestInit = {}, base = SYNC_SANDBOX) {
  const res = await fetch(new URL(path, base), {
    ...init,
    headers: {
      authorization: "Bearer local-intercom-token",
      "intercom-version": "2.16",
      "content-type": "application/json",
      ...(init.headers as Record<string, string> | undefined),
    },
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

/**
 * A factory of per-test services whose database pools are closed after each test. Call it
 * at a test file's top level (it registers the afterEach hook).
 */
export function servicesPerTest(make: () => Services): () => Services {
  const open: Services[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  return () => {
    const services = make();
    open.push(services);
    return services;
  };
}
