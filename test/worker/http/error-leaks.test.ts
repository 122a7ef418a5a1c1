import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  getQueueResult,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import { webhookDeliveries } from "../../../src/db/schema/webhooks.ts";
import worker from "../../../src/index.ts";
import { QUEUES } from "../../../src/queues/names.ts";
import { createServices } from "../../../src/services.ts";
import { deliveryFrom } from "../../../src/webhooks/envelope.ts";
import type { WebhookMessage } from "../../../src/webhooks/messages.ts";
import { capturedLines, SQL_TEXT, shadowTables } from "../../support/shadow.ts";
import { ADMIN_KEY, notification } from "../../support/webhooks.ts";

const drops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const drop of drops.splice(0)) await drop();
});

function expectNoneOf(texts: readonly string[], values: readonly string[]) {
  for (const text of texts) {
    for (const value of values) expect(text).not.toContain(value);
    expect(text).not.toMatch(SQL_TEXT);
  }
}

describe("a failing statement reports its cause, never its SQL or values", () => {
  it("HTTP: a rejected outbox insert answers 500 with a request id; the log has the code only", async () => {
    // The subject column takes only uuids here: Postgres quotes the rejected value in its message.
    const shadow = await shadowTables({
      outbox_messages: "alter column subject type uuid using null",
    });
    drops.push(shadow.drop);
    const marker = crypto.randomUUID().slice(0, 8);
    const userId = `u_leak_${marker}`;
    const email = `leak.${marker}@example.com`;
    const name = `Ada Leak ${marker}`;
    const ctx = createExecutionContext();
    let res: Response | undefined;
    const lines = await capturedLines(async () => {
      res = await worker.fetch(
        new Request("http://bridge.test/v1/contacts/identify", {
          method: "POST",
          headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
          body: JSON.stringify({ user_id: userId, email, name }),
        }),
        shadow.env,
        ctx,
      );
      await waitOnExecutionContext(ctx);
    });
    expect(res?.status).toBe(500);
    expect(res?.headers.get("content-type")).toBe("application/problem+json");
    const body = await res?.text();
    const problem = JSON.parse(body ?? "{}") as { request_id?: string };
    expect(problem.request_id).toEqual(expect.any(String));
    const failure = lines.find((l) => l.includes("request failed"));
    expect(failure).toContain("postgres 22P02");
    expect(failure).toContain(String(problem.request_id));
    expectNoneOf([body ?? "", ...lines], [userId, email, name, marker]);
  });

  it("queue: a batch whose contact write fails stores and logs the Postgres code only", async () => {
    const shadow = await shadowTables({
      contacts: "add constraint leak_probe check (email is null)",
    });
    drops.push(shadow.drop);
    const marker = crypto.randomUUID().slice(0, 8);
    const appId = `app_leak_${marker}`;
    const email = `leak.${marker}@example.com`;
    const contactId = `c_leak_${marker}`;
    const sample = notification("contact.user.created", { appId, email, contactId });
    const delivery = await deliveryFrom(sample, new Date());
    const batch = createMessageBatch<WebhookMessage>(QUEUES.webhooks, [
      {
        id: `m-${marker}`,
        timestamp: new Date(),
        attempts: 1,
        body: { kind: "webhook.delivery", delivery },
      },
    ]);
    const ctx = createExecutionContext();
    // As a deployment of that workspace: another workspace's delivery is never applied.
    const configured = { ...shadow.env, INTERCOM_WORKSPACE_ID: appId };
    const lines = await capturedLines(() => worker.queue(batch, configured));
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages.length + result.explicitAcks.length).toBe(1);

    const services = createServices(env as unknown as Env);
    try {
      const [row] = await services
        .db()
        .select({ status: webhookDeliveries.status, lastError: webhookDeliveries.lastError })
        .from(webhookDeliveries)
        .where(
          and(
            eq(webhookDeliveries.workspaceId, appId),
            eq(webhookDeliveries.deliveryKey, delivery.deliveryKey),
          ),
        );
      expect(row?.status).toBe("failed");
      expect(row?.lastError).toContain("postgres 23514");
      expect(row?.lastError).toContain("constraint leak_probe");
      expect(lines.some((l) => l.includes("postgres 23514"))).toBe(true);
      expectNoneOf([row?.lastError ?? "", ...lines], [email, contactId, marker]);
    } finally {
      await services.close();
    }
  });

  it("cron: a sync start whose insert is refused logs the Postgres code only", async () => {
    const shadow = await shadowTables({
      sync_runs: "add constraint leak_probe check (trigger <> 'cron')",
    });
    drops.push(shadow.drop);
    const workspaceId = `ws_leak_${crypto.randomUUID().slice(0, 8)}`;
    const cronEnv = { ...shadow.env, INTERCOM_WORKSPACE_ID: workspaceId, LOG_LEVEL: "info" };
    const controller = createScheduledController({
      cron: "*/15 * * * *",
      scheduledTime: Date.now(),
    });
    const lines = await capturedLines(() => worker.scheduled(controller, cronEnv as Env));
    const refused = lines.filter((l) => l.includes("postgres 23514"));
    // Both incremental starts (contacts, conversations) insert a run, and both are refused.
    expect(refused).toHaveLength(2);
    expect(refused[0]).toContain("constraint leak_probe");
    expectNoneOf(lines, [workspaceId]);
  });
});
