import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import { conversations } from "../../../src/db/schema/index.ts";
import worker from "../../../src/index.ts";
import { QUEUES } from "../../../src/queues/names.ts";
import { createServices } from "../../../src/services.ts";
import { deliveryFrom } from "../../../src/webhooks/envelope.ts";
import type { WebhookMessage } from "../../../src/webhooks/messages.ts";
import { notification, uniqueAppId } from "../../support/webhooks.ts";

const T0 = 1_763_800_000;

function conversationSaying(appId: string, conversationId: string, text: string) {
  return notification("conversation.user.created", {
    appId,
    conversationId,
    at: T0,
    item: {
      source: {
        type: "conversation",
        id: `src-${conversationId}`,
        body: `<p>${text}</p>`,
        author: { type: "user", id: "c1" },
      },
    },
  });
}

describe("a webhook-written conversation honours CANCEL_KEYWORDS", () => {
  it("matches the configured words, not the defaults", async () => {
    const appId = uniqueAppId();
    const configured = {
      ...env,
      CANCEL_KEYWORDS: "abandon ship, downgrade",
      INTERCOM_WORKSPACE_ID: appId,
    } as Env;
    const messages = await Promise.all(
      [
        conversationSaying(appId, "901", "We will abandon ship at the end of the month"),
        conversationSaying(appId, "902", "Hi, how do I cancel my subscription?"),
      ].map(async (n, i) => ({
        id: `cancel-words-${i}-${crypto.randomUUID()}`,
        timestamp: new Date(),
        attempts: 1,
        body: { kind: "webhook.delivery" as const, delivery: await deliveryFrom(n, new Date()) },
      })),
    );
    const batch = createMessageBatch<WebhookMessage>(QUEUES.webhooks, messages);
    const ctx = createExecutionContext();
    await worker.queue(batch, configured);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toHaveLength(2);

    const db = createServices(configured).db();
    const rows = await db
      .select({ id: conversations.id, mentions: conversations.openingMentionsCancel })
      .from(conversations)
      .where(eq(conversations.workspaceId, appId))
      .orderBy(conversations.id);
    expect(rows).toEqual([
      { id: "901", mentions: true },
      { id: "902", mentions: false },
    ]);
  });
});
