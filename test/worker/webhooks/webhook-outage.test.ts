import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import { QUEUES } from "../../../src/queues/names.ts";
import {
  consumeWebhookDeadLetters,
  consumeWebhooks,
} from "../../../src/queues/webhook-consumer.ts";
import { createServices, type Services } from "../../../src/services.ts";
import type { Clock } from "../../../src/shared/clock.ts";
import type { LogFields, Logger } from "../../../src/shared/logger.ts";
import { WEBHOOK_RETRY_WINDOW } from "../../../src/shared/retry.ts";
import { deliveryFrom } from "../../../src/webhooks/envelope.ts";
import type { WebhookMessage } from "../../../src/webhooks/messages.ts";
import { batchOf } from "../../support/queue-batch.ts";
import {
  configuredFor,
  getContact,
  listDeliveries,
  notification,
  uniqueAppId,
} from "../../support/webhooks.ts";

const testEnv = env as unknown as Env;
/** Postgres unreachable: the relay finds nothing listening on port 1, as health.test.ts does. */
const DOWN = { ...testEnv, DATABASE_URL: "postgres://nobody:pw@127.0.0.1:1/none" } as Env;
const HOUR_MS = 3_600_000;
/** The webhook queue's max_retries (8 in wrangler.toml) plus its first delivery. */
const MAIN_DELIVERIES = 9;

type Consumer = (batch: MessageBatch<unknown>, services: Services) => Promise<void>;

/** The services' "now", moved by the test across days of queue retries. */
function movableClock(start: number) {
  let at = start;
  const clock: Clock = { now: () => new Date(at) };
  return {
    clock,
    advance: (seconds: number) => {
      at += seconds * 1000;
    },
    elapsedMs: () => at - start,
  };
}

/** Keeps what the consumers log: the give-up must be loud, and the test output quiet. */
function capturingLogger() {
  const lines: Array<{ level: string; message: string; fields: LogFields }> = [];
  const at =
    (level: string) =>
    (message: string, fields: LogFields = {}) =>
      lines.push({ level, message, fields });
  const logger: Logger = {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: () => logger,
  };
  return { logger, lines };
}

/** One invocation as the platform runs it: services of its own, with the test's clock. */
async function invoke(
  consume: Consumer,
  queue: string,
  bodies: readonly WebhookMessage[],
  attempt: number,
  on: { env: Env; clock: Clock; logger: Logger },
) {
  const base = createServices(on.env, { queue });
  const { batch, outcomes } = batchOf(queue, bodies, attempt, on.clock.now());
  try {
    await consume(batch, { ...base, clock: on.clock, logger: on.logger });
  } finally {
    await base.close();
  }
  return outcomes;
}

async function deliveryMessage(appId: string, contactId: string, receivedAt: Date) {
  const n = notification("contact.user.created", { appId, contactId });
  const delivery = await deliveryFrom(n, receivedAt);
  return { kind: "webhook.delivery", delivery } satisfies WebhookMessage;
}

describe("a webhook delivery answered 200 while Postgres is down", () => {
  it("is retried, never acked, through a 30-hour outage, then stored and applied", async () => {
    const appId = uniqueAppId();
    const time = movableClock(Date.now());
    const message = await deliveryMessage(appId, "c-outage", time.clock.now());
    const { logger, lines } = capturingLogger();
    const down = { env: DOWN, clock: time.clock, logger };

    for (let attempt = 1; attempt <= MAIN_DELIVERIES; attempt++) {
      const [outcome] = await invoke(consumeWebhooks, QUEUES.webhooks, [message], attempt, down);
      expect(outcome, `webhook queue attempt ${attempt}`).toMatchObject({
        acked: false,
        retried: true,
      });
      time.advance(outcome?.delaySeconds ?? Number.NaN);
    }
    // Its retries used up, the platform moves it to the dead-letter queue, which holds it.
    let attempt = 1;
    const waits: number[] = [];
    while (time.elapsedMs() < 30 * HOUR_MS) {
      const [outcome] = await invoke(
        consumeWebhookDeadLetters,
        QUEUES.webhooksDeadLetter,
        [message],
        attempt,
        down,
      );
      expect(outcome, `dead-letter attempt ${attempt}`).toMatchObject({
        acked: false,
        retried: true,
      });
      waits.push(outcome?.delaySeconds ?? Number.NaN);
      time.advance(outcome?.delaySeconds ?? Number.NaN);
      attempt += 1;
    }
    expect(attempt).toBeLessThan(WEBHOOK_RETRY_WINDOW.retries);
    expect(Math.max(...waits)).toBeLessThanOrEqual(3600);
    expect(lines.filter((l) => l.message.includes("given up"))).toEqual([]);
    expect(await listDeliveries(appId)).toEqual([]);

    const up = { env: configuredFor(appId), clock: time.clock, logger };
    const [outcome] = await invoke(
      consumeWebhookDeadLetters,
      QUEUES.webhooksDeadLetter,
      [message],
      attempt,
      up,
    );
    expect(outcome).toMatchObject({ acked: true, retried: false });
    const rows = await listDeliveries(appId);
    expect(rows.map((r) => r.status)).toEqual(["applied"]);
    expect((await getContact(appId, "c-outage")).status).toBe(200);
  });

  it("is given up only past its window, on its last retry, with an error that counts it", async () => {
    const appId = uniqueAppId();
    const received = Date.now();
    const message = await deliveryMessage(appId, "c-lost", new Date(received));
    const stored = {
      kind: "webhook.stored",
      workspaceId: appId,
      deliveryKey: "stored-elsewhere",
    } satisfies WebhookMessage;
    const time = movableClock(received);
    time.advance(WEBHOOK_RETRY_WINDOW.seconds + 60);
    const { logger, lines } = capturingLogger();
    const down = { env: DOWN, clock: time.clock, logger };
    const last = WEBHOOK_RETRY_WINDOW.retries;

    const [spare] = await invoke(
      consumeWebhookDeadLetters,
      QUEUES.webhooksDeadLetter,
      [message],
      last - 1,
      down,
    );
    expect(spare).toMatchObject({ acked: false, retried: true });
    expect(lines.filter((l) => l.message.includes("given up"))).toEqual([]);

    const outcomes = await invoke(
      consumeWebhookDeadLetters,
      QUEUES.webhooksDeadLetter,
      [message, stored],
      last,
      down,
    );
    expect(outcomes.map((o) => o.acked)).toEqual([true, true]);
    const givenUp = lines.filter((l) => l.message.includes("given up"));
    expect(givenUp).toHaveLength(1);
    expect(givenUp[0]).toMatchObject({
      level: "error",
      fields: {
        lost: 1,
        left_in_postgres: 1,
        delivery_keys: [message.delivery.deliveryKey, "stored-elsewhere"],
      },
    });
  });
});

describe("dead letters with Postgres up", () => {
  it("applies each on its own when Postgres refuses the batch, holding only the one it refuses", async () => {
    const appId = uniqueAppId();
    const now = new Date();
    const good = await deliveryMessage(appId, "c-good", now);
    const poison = await deliveryMessage(appId, "c-poison", now);
    // A NUL is valid JSON, and signed it is answered 200, but jsonb refuses it.
    (poison.delivery.payload.data.item as Record<string, unknown>).name = "Ada\u0000";
    const { logger } = capturingLogger();
    const outcomes = await invoke(
      consumeWebhookDeadLetters,
      QUEUES.webhooksDeadLetter,
      [poison, good],
      1,
      { env: configuredFor(appId), clock: { now: () => now }, logger },
    );
    expect(outcomes).toEqual([
      { acked: false, retried: true, delaySeconds: WEBHOOK_RETRY_WINDOW.firstDelay },
      { acked: true, retried: false, delaySeconds: undefined },
    ]);
    expect((await getContact(appId, "c-good")).status).toBe(200);
    expect((await listDeliveries(appId)).map((r) => r.status)).toEqual(["applied"]);
  });
});
