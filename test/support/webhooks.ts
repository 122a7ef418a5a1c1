import {
  createExecutionContext,
  createMessageBatch,
  getQueueResult,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq, inArray } from "drizzle-orm";
import {
  type SampleOptions,
  sampleNotification,
} from "../../scripts/sandbox/samples/notifications.ts";
import type { Env } from "../../src/config/env.ts";
import { DEFAULT_WORKSPACE_ID } from "../../src/config/production.ts";
import { webhookDeliveries } from "../../src/db/schema/webhooks.ts";
import worker from "../../src/index.ts";
import { QUEUES } from "../../src/queues/names.ts";
import { createServices } from "../../src/services.ts";
import { deliveryFrom, type Notification } from "../../src/webhooks/envelope.ts";
import type { WebhookMessage } from "../../src/webhooks/messages.ts";
import { signIntercomBody } from "../../src/webhooks/signature.ts";
import { contractFetch, expectInContract } from "./contract.ts";

export const CLIENT_SECRET = "test-client-secret";
export const PREVIOUS_CLIENT_SECRET = "test-client-secret-previous";
export const ADMIN_KEY = "test-admin-key";
export const BASE = "http://bridge.test";

/** A workspace id of its own per test: Postgres is shared by every test file. */
export function uniqueAppId(): string {
  return `app_${crypto.randomUUID().slice(0, 12)}`;
}

/**
 * The INTERCOM_WORKSPACE_ID of the test Worker itself: a delivery going through the real queue
 * is applied only when it is for this workspace, so those tests share it, and tell their rows
 * apart by delivery key, contact id and received_at (uniqueWindow).
 */
export const CONFIGURED_WORKSPACE = DEFAULT_WORKSPACE_ID;

/**
 * A received_at window of the test's own, in a past no other test uses: `at(n)` is n minutes
 * into it, `window` (`since`, `until`) spans its first day, as a bulk replay or count takes it.
 */
export function uniqueWindow() {
  const from = Date.UTC(2001, 0, 1);
  const span = Date.UTC(2021, 0, 1) - from;
  // Whole minutes apart, so a test's instants (a few days at most) stay its own.
  const start = from + Math.floor((Math.random() * span) / 60_000) * 60_000;
  const at = (minutes: number) => new Date(start + minutes * 60_000);
  return { at, window: { since: at(0).toISOString(), until: at(24 * 60).toISOString() } };
}

/** Delivery rows by key, read from Postgres (a shared workspace has other tests' rows too). */
export async function deliveriesByKey(workspaceId: string, keys: readonly string[]) {
  const services = createServices(env as unknown as Env);
  try {
    const rows = await services
      .db()
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.workspaceId, workspaceId),
          inArray(webhookDeliveries.deliveryKey, [...keys]),
        ),
      );
    return new Map(rows.map((r) => [r.deliveryKey, r]));
  } finally {
    await services.close();
  }
}

export function notification(topic: string, options: SampleOptions = {}): Notification {
  return sampleNotification(topic, options) as Notification;
}

export async function postWebhook(
  body: string,
  headers: { signature?: string | null; secret?: string } = {},
): Promise<Response> {
  const signature =
    headers.signature === undefined
      ? await signIntercomBody(body, headers.secret ?? CLIENT_SECRET)
      : headers.signature;
  return contractFetch(`${BASE}/webhooks/intercom`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(signature === null ? {} : { "x-hub-signature": signature }),
    },
    body,
  });
}

/**
 * Runs the real queue consumer on these notifications, in this order, as one batch, and
 * returns which messages it acked or retried. The deployment it runs as is configured for
 * the workspace of the first notification (each test has a workspace of its own, and a
 * delivery for any other workspace is never applied), unless `workspaceId` says otherwise.
 */
export async function consume(
  notifications: readonly Notification[],
  workspaceId: string | undefined = notifications[0]?.app_id,
) {
  const messages = await Promise.all(
    notifications.map(async (n, i) => ({
      id: `m${i}-${crypto.randomUUID()}`,
      timestamp: new Date(),
      attempts: 1,
      body: { kind: "webhook.delivery" as const, delivery: await deliveryFrom(n, new Date()) },
    })),
  );
  const batch = createMessageBatch<WebhookMessage>(QUEUES.webhooks, messages);
  const ctx = createExecutionContext();
  await worker.queue(batch, configuredFor(workspaceId));
  return getQueueResult(batch, ctx);
}

/** The test Worker's bindings, as a deployment whose INTERCOM_WORKSPACE_ID is `workspaceId`. */
export function configuredFor(workspaceId: string | undefined): Env {
  return (workspaceId ? { ...env, INTERCOM_WORKSPACE_ID: workspaceId } : env) as unknown as Env;
}

/**
 * Posts a signed notification through the real Worker of a deployment configured for the
 * notification's own workspace, then hands what its route queued straight to that
 * deployment's real queue consumer. The platform's queue would hand it to the test Worker's
 * consumer instead, whose workspace is another (and a delivery for another workspace is
 * never applied); only the transport between the two is the test's.
 */
export async function postAndConsume(body: string): Promise<Response> {
  const workspaceId = String((JSON.parse(body) as { app_id?: unknown }).app_id);
  const sent: WebhookMessage[] = [];
  const queue = {
    send: async (message: WebhookMessage) => {
      sent.push(message);
    },
    sendBatch: async (messages: Iterable<{ body: WebhookMessage }>) => {
      for (const m of messages) sent.push(m.body);
    },
  };
  const deployment = { ...configuredFor(workspaceId), WEBHOOK_QUEUE: queue } as unknown as Env;
  const url = `${BASE}/webhooks/intercom`;
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-hub-signature": await signIntercomBody(body, CLIENT_SECRET),
      },
      body,
    }),
    deployment,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  await expectInContract("POST", url, res);
  if (sent.length > 0) {
    const batch = createMessageBatch<WebhookMessage>(
      QUEUES.webhooks,
      sent.map((body, i) => ({
        id: `posted-${i}-${crypto.randomUUID()}`,
        timestamp: new Date(),
        attempts: 1,
        body,
      })),
    );
    await worker.queue(batch, deployment);
  }
  return res;
}

/** Applies notifications one batch at a time, in the given order. */
export async function consumeInOrder(notifications: readonly Notification[]) {
  for (const n of notifications) await consume([n]);
}

export function admin(path: string): Promise<Response> {
  return contractFetch(`${BASE}${path}`, {
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
  });
}

export async function getContact(appId: string, id: string) {
  const res = await admin(`/v1/contacts/${id}?workspace_id=${appId}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function listDeliveries(appId: string, extra = "") {
  const res = await admin(`/v1/webhooks/deliveries?workspace_id=${appId}${extra}`);
  const body = (await res.json()) as { data: Array<Record<string, unknown>> };
  return body.data;
}
