import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import { deliverDepsFor } from "../../../src/deps.ts";
import worker from "../../../src/index.ts";
import { processOutboxBatch } from "../../../src/outbox/process.ts";
import { storeWrites } from "../../../src/outbox/rows.ts";
import { createServices } from "../../../src/services.ts";
import { ADMIN_KEY } from "../../support/webhooks.ts";

/** The meter lines the Worker printed while `body` ran (its other lines are left alone). */
async function meterLinesOf(body: () => Promise<void>): Promise<Array<Record<string, unknown>>> {
  const printed: string[] = [];
  const keep = (line: unknown) => {
    if (typeof line === "string" && line.includes('"message":"invocation"')) printed.push(line);
  };
  const log = vi.spyOn(console, "log").mockImplementation(keep);
  const warn = vi.spyOn(console, "warn").mockImplementation(keep);
  try {
    await body();
  } finally {
    log.mockRestore();
    warn.mockRestore();
  }
  return printed.map((line) => JSON.parse(line) as Record<string, unknown>);
}

const debugEnv = { ...env, LOG_LEVEL: "debug" } as Env;

describe("the invocation's meter", () => {
  it("counts every subrequest by kind and the connections open at once, in one line at the end", async () => {
    const lines = await meterLinesOf(async () => {
      const services = createServices(debugEnv, {}, () => "test:meter");
      const client = services.intercom();
      if (!client) throw new Error("the test environment configures INTERCOM_ACCESS_TOKEN");
      await client.me();
      await services.db().execute(sql`select 1`);
      const url = new URL("/me", env.INTERCOM_API_BASE);
      // Three answers held unread beside the pool's open connection: four at once.
      const answers = await Promise.all([1, 2, 3].map(() => services.fetch(url)));
      await Promise.all(answers.map((res) => res.text()));
      // Read to the end, a fetch gives its connection back: three more add to no peak.
      await Promise.all([1, 2, 3].map(async () => (await services.fetch(url)).text()));
      // A finish slice of no run: its consumer claims nothing and acks it.
      await services.queues.sync.send({
        kind: "sync.finish",
        runId: crypto.randomUUID(),
        slice: 0,
      });
      await services.close();
    });
    const mine = lines.filter((l) => l.invocation === "test:meter");
    expect(mine).toHaveLength(1);
    const line = mine[0] ?? {};
    expect(line).toMatchObject({
      fetches: 7,
      db_connections: 1,
      queue_sends: 1,
      peak_connections: 4,
      // Four is past half of six: a warning, long before the platform would queue a seventh.
      level: "warn",
      past_half_of_limit: ["connections"],
    });
    // The gate's admission (and its record, today) are Durable Object calls.
    expect(line.do_calls).toBeGreaterThanOrEqual(1);
    expect(line.subrequests).toBe(7 + 1 + 1 + Number(line.do_calls));
  });

  it("files a request under its route's pattern, never its path, at debug", async () => {
    const secretId = `meter-${crypto.randomUUID()}`;
    const lines = await meterLinesOf(async () => {
      const ctx = createExecutionContext();
      const res = await worker.fetch(
        new Request(`http://worker.test/v1/contacts/${secretId}`, {
          headers: { authorization: `Bearer ${ADMIN_KEY}` },
        }),
        debugEnv,
        ctx,
      );
      await res.arrayBuffer();
      await waitOnExecutionContext(ctx);
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "debug",
      invocation: "fetch:GET /v1/contacts/:contact",
      db_connections: 1,
      fetches: 0,
    });
    expect(JSON.stringify(lines)).not.toContain(secretId);
  });

  it("keeps statements run side by side on one Postgres connection", async () => {
    const lines = await meterLinesOf(async () => {
      const services = createServices(debugEnv, {}, () => "test:statements");
      await Promise.all(
        [1, 2, 3, 4, 5].map(() => services.db().execute(sql`select pg_sleep(0.05)`)),
      );
      await services.close();
    });
    expect(lines.find((l) => l.invocation === "test:statements")).toMatchObject({
      db_connections: 1,
      peak_connections: 1,
    });
  });

  it("posts a batch's Slack alerts one at a time beside its Postgres connection", async () => {
    const slackEnv = {
      ...debugEnv,
      SLACK_WEBHOOK_URL: new URL("/slack/hook", env.INTERCOM_API_BASE).toString(),
    } as Env;
    const lines = await meterLinesOf(async () => {
      const services = createServices(slackEnv, {}, () => "test:slack");
      const rows = await storeWrites(
        services.db(),
        `ws_${crypto.randomUUID().slice(0, 8)}`,
        [1, 2, 3, 4, 5].map((n) => ({
          kind: "slack.alert" as const,
          payload: { text: `alert ${n}` },
          idempotencyKey: `slack-${crypto.randomUUID()}`,
          subject: null,
        })),
      );
      // The sandbox refuses them (401), as a revoked hook would: each is still one post.
      const result = await processOutboxBatch(
        rows.map((row) => row.id),
        {
          db: services.db(),
          clock: services.clock,
          logger: services.logger,
          deliver: deliverDepsFor(services),
        },
      );
      expect(result.dead).toBe(5);
      await services.close();
    });
    expect(lines.find((l) => l.invocation === "test:slack")).toMatchObject({
      fetches: 5,
      db_connections: 1,
      peak_connections: 2,
    });
  });
});
