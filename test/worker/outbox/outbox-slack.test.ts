import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import { outboxMessages } from "../../../src/db/schema/outbox.ts";
import { processOutboxBatch } from "../../../src/outbox/process.ts";
import { storeWrites } from "../../../src/outbox/rows.ts";
import { createServices } from "../../../src/services.ts";
import { writebackDeliverDeps } from "../../../src/writeback/targets.ts";

describe("a Slack alert Slack refuses", () => {
  it("is dead at once on a 4xx, with Slack's status and not as an Intercom error", async () => {
    const services = createServices({ ...env } as Env);
    const db = services.db();
    const client = services.intercom();
    if (!client) throw new Error("the test environment configures INTERCOM_ACCESS_TOKEN");
    const workspaceId = `ws_${crypto.randomUUID().slice(0, 8)}`;
    const [row] = await storeWrites(db, workspaceId, [
      {
        kind: "slack.alert",
        payload: { text: "a test alert" },
        idempotencyKey: `slack-${crypto.randomUUID()}`,
        subject: null,
      },
    ]);
    // The sandbox answers an unauthenticated POST with 401, as a revoked Slack hook would.
    const result = await processOutboxBatch([row?.id ?? ""], {
      db,
      clock: services.clock,
      logger: services.logger,
      deliver: {
        client,
        defaultAdminId: undefined,
        completeErasure: async () => {},
        writeback: writebackDeliverDeps(db, "ws", services.clock),
        slackWebhookUrl: new URL("/slack/hook", env.INTERCOM_API_BASE).toString(),
      },
    });
    expect(result).toMatchObject({ delivered: 0, dead: 1, retry: [] });
    const [stored] = await db
      .select({ status: outboxMessages.status, error: outboxMessages.lastError })
      .from(outboxMessages)
      .where(eq(outboxMessages.id, row?.id ?? ""));
    expect(stored).toEqual({ status: "dead", error: "Slack answered 401" });
  });
});
