import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { CRON_JOBS } from "../../../src/cron/schedules.ts";
import { QUEUES } from "../../../src/queues/names.ts";
import { QUEUE_LIMITS } from "../../../src/shared/queue-limits.ts";
import { WEBHOOK_RETRY_WINDOW } from "../../../src/shared/retry.ts";

interface Consumer {
  queue: string;
  max_batch_size?: number;
  max_batch_timeout?: number;
  max_concurrency?: number;
  max_retries?: number;
  retry_delay?: number;
  dead_letter_queue?: string;
}

interface WranglerToml {
  compatibility_date: string;
  build?: { command?: string };
  assets?: { directory?: string; binding?: string; run_worker_first?: unknown };
  vars?: Record<string, string>;
  triggers: { crons: string[] };
  queues: {
    producers: Array<{ queue: string; binding: string }>;
    consumers: Consumer[];
  };
}

const toml = parse(readFileSync("wrangler.toml", "utf8")) as unknown as WranglerToml;

describe("wrangler.toml and the code agree", () => {
  it("declares every cron the code handles, and no other", () => {
    expect([...toml.triggers.crons].sort()).toEqual(Object.keys(CRON_JOBS).sort());
  });

  it("consumes every queue the code dispatches on", () => {
    const consumed = toml.queues.consumers.map((c) => c.queue).sort();
    expect(consumed).toEqual(Object.values(QUEUES).sort());
  });

  it("gives every consumer explicit limits inside the platform's", () => {
    for (const c of toml.queues.consumers) {
      const where = `consumer of ${c.queue}`;
      expect(c.max_batch_size, where).toBeGreaterThanOrEqual(1);
      expect(c.max_batch_size, where).toBeLessThanOrEqual(QUEUE_LIMITS.maxBatchSize);
      expect(c.max_batch_timeout, where).toBeGreaterThanOrEqual(0);
      expect(c.max_batch_timeout, where).toBeLessThanOrEqual(QUEUE_LIMITS.maxBatchTimeoutSeconds);
      // Unset means the platform's 250: every consumer says how far it may scale.
      expect(c.max_concurrency, where).toBeGreaterThanOrEqual(1);
      expect(c.max_concurrency, where).toBeLessThan(QUEUE_LIMITS.maxConcurrency);
      // Unset means 3, and that default is not a decision anyone made.
      expect(c.max_retries, where).toBeGreaterThanOrEqual(1);
      expect(c.max_retries, where).toBeLessThanOrEqual(QUEUE_LIMITS.maxRetries);
      expect(c.retry_delay, where).toBeGreaterThanOrEqual(1);
      expect(c.retry_delay, where).toBeLessThanOrEqual(QUEUE_LIMITS.maxDelaySeconds);
    }
  });

  it("gives every main queue a dead-letter queue that is consumed, and no DLQ one of its own", () => {
    const names = new Set(toml.queues.consumers.map((c) => c.queue));
    const dlqs = new Set(toml.queues.consumers.flatMap((c) => c.dead_letter_queue ?? []));
    const mains = [QUEUES.webhooks, QUEUES.outbox, QUEUES.sync, QUEUES.companyScroll];
    expect([...dlqs].sort()).toEqual(
      [QUEUES.webhooksDeadLetter, QUEUES.outboxDeadLetter, QUEUES.syncDeadLetter].sort(),
    );
    for (const dlq of dlqs) expect(names.has(dlq), dlq).toBe(true);
    for (const c of toml.queues.consumers) {
      if (mains.includes(c.queue as (typeof mains)[number]))
        expect(c.dead_letter_queue, c.queue).toBeDefined();
      else expect(c.dead_letter_queue, c.queue).toBeUndefined();
    }
  });

  it("holds webhook dead letters for the whole retry window, however they are retried", () => {
    const dlq = toml.queues.consumers.find((c) => c.queue === QUEUES.webhooksDeadLetter);
    // The code spreads the window over exactly the retries the queue grants.
    expect(dlq?.max_retries).toBe(WEBHOOK_RETRY_WINDOW.retries);
    // A handler that throws gets the platform's retry_delay instead: that too spans the window.
    expect((dlq?.max_retries ?? 0) * (dlq?.retry_delay ?? 0)).toBeGreaterThanOrEqual(
      WEBHOOK_RETRY_WINDOW.seconds,
    );
  });

  it("gives every sync message an invocation of its own", () => {
    for (const queue of [QUEUES.sync, QUEUES.companyScroll, QUEUES.syncDeadLetter]) {
      const consumer = toml.queues.consumers.find((c) => c.queue === queue);
      expect(consumer?.max_batch_size, queue).toBe(1);
    }
  });

  it("keeps secrets and local relay settings out of [vars]", () => {
    const forbidden = ["DATABASE_URL", "NEON_WS_PROXY", "INTERCOM_CLIENT_SECRET", "ADMIN_API_KEY"];
    for (const name of forbidden) expect(toml.vars ?? {}).not.toHaveProperty(name);
  });

  it("serves the docs UI's files only through the Worker, from the folder the copy writes", () => {
    // Worker first for every path: no file answers without the headers of src/http/docs/.
    expect(toml.assets).toEqual({
      directory: "dist/assets",
      binding: "ASSETS",
      run_worker_first: true,
    });
    expect(toml.build?.command).toBe("node scripts/dev/docs-assets.mjs");
    const script = readFileSync("scripts/dev/docs-assets.mjs", "utf8");
    expect(script).toContain('join(ROOT, "dist", "assets")');
    const manifest = JSON.parse(readFileSync("package.json", "utf8")) as {
      scripts: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(manifest.scripts.prepare).toBe("node scripts/dev/docs-assets.mjs");
    expect(manifest.devDependencies["@scalar/api-reference"]).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
