import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { expect } from "vitest";
import { workerApp } from "../../src/app.ts";
import { adminKeyMark } from "../../src/audit/who.ts";
import type { Env } from "../../src/config/env.ts";
import { LOCAL_SESSION_SECRET } from "../../src/config/production.ts";
import { outboxMessages } from "../../src/db/schema/outbox.ts";
import { acceptWrites } from "../../src/outbox/accept.ts";
import { createServices, type Services } from "../../src/services.ts";
import { deliveryFrom } from "../../src/webhooks/envelope.ts";
import { markDead, storeDeliveries } from "../../src/webhooks/inbox.ts";
import { expectInContract } from "./contract.ts";
import { expectStatus } from "./status.ts";
import { ADMIN_KEY, BASE, notification } from "./webhooks.ts";

/**
 * Audit tests run the app in a workspace of their own (so the log they read is theirs) and
 * read the table itself: the API shows what it maps, the row is what is kept.
 */
const app = workerApp();

export interface AuditWorkspace {
  id: string;
  env: Env;
  services: Services;
  send(path: string, init?: RequestInit): Promise<Response>;
  rows(): Promise<Array<Record<string, unknown>>>;
}

export function auditWorkspace(name: string): AuditWorkspace {
  const id = `ws_audit_${name}_${crypto.randomUUID().slice(0, 8)}`;
  const workspaceEnv = { ...env, INTERCOM_WORKSPACE_ID: id } as unknown as Env;
  const services = createServices(workspaceEnv);
  return {
    id,
    env: workspaceEnv,
    services,
    async send(path, init = {}) {
      const ctx = createExecutionContext();
      const res = await app.request(`${BASE}${path}`, init, workspaceEnv, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    },
    async rows() {
      const result = await services.db().execute<Record<string, unknown>>(sql`
        select * from audit_events where workspace_id = ${id} order by at, id`);
      return result.rows;
    },
  };
}

export const adminHeaders = {
  authorization: `Bearer ${ADMIN_KEY}`,
  "content-type": "application/json",
  "cf-connecting-ip": "203.0.113.7",
};

export const adminPost = (body?: unknown): RequestInit => ({
  method: "POST",
  headers: adminHeaders,
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

/** The reference an entry names the test's admin key by. */
export const adminKeyRef = async () =>
  (await adminKeyMark(LOCAL_SESSION_SECRET, ADMIN_KEY)).slice(0, 16);

/** The one new entry since `before`, checked to name none of `personal` anywhere. */
export async function oneNewEntry(
  ws: AuditWorkspace,
  before: number,
  personal: readonly string[] = [],
): Promise<Record<string, unknown>> {
  const rows = await ws.rows();
  expect(rows).toHaveLength(before + 1);
  const row = rows.at(-1) ?? {};
  const text = JSON.stringify(row);
  for (const value of [...personal, ADMIN_KEY]) expect(text).not.toContain(value);
  return row;
}

/** A dead webhook delivery about a contact with this email, in the workspace. */
export async function deadDelivery(ws: AuditWorkspace, email: string) {
  const n = notification("contact.user.created", { appId: ws.id, email });
  const delivery = await deliveryFrom(n, new Date());
  await storeDeliveries(ws.services.db(), [delivery]);
  await markDead(ws.services.db(), [delivery], new Date(), "retries exhausted");
  return delivery.deliveryKey;
}

/** A dead outbox write for this user id, never queued. */
export async function deadOutboxRow(ws: AuditWorkspace, userId: string) {
  const [row] = await acceptWrites(
    [
      {
        kind: "contact.identify",
        subject: userId,
        idempotencyKey: `audit:${userId}`,
        payload: { userId },
      },
    ],
    {
      db: ws.services.db(),
      logger: ws.services.logger,
      queue: ws.services.queues.outbox,
      workspaceId: ws.id,
      deliveryEnabled: false,
      hashKey: ws.services.config.ERASURE_HASH_KEY,
    },
  );
  const id = row?.id ?? "";
  await ws.services
    .db()
    .update(outboxMessages)
    .set({ status: "dead", lastError: "retries exhausted" })
    .where(eq(outboxMessages.id, id));
  return id;
}

/** `GET /v1/audit` in the workspace, checked against the contract. */
export async function listAuditPage(ws: AuditWorkspace, query = "") {
  const res = await ws.send(`/v1/audit${query}`, { headers: adminHeaders });
  await expectStatus(res, 200);
  await expectInContract("GET", `${BASE}/v1/audit${query}`, res.clone());
  return (await res.json()) as {
    data: Array<Record<string, unknown> & { id: string; action: string; at: string }>;
    next_cursor: string | null;
  };
}
