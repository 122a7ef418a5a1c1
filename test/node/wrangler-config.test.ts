import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { CRON_JOBS } from "../../src/cron/schedules.ts";
import { QUEUES } from "../../src/queues/names.ts";

interface WranglerToml {
  compatibility_date: string;
  vars?: Record<string, string>;
  triggers: { crons: string[] };
  queues: {
    producers: Array<{ queue: string; binding: string }>;
    consumers: Array<{ queue: string; dead_letter_queue?: string }>;
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

  it("gives the webhook queue a dead-letter queue that is itself consumed", () => {
    const webhooks = toml.queues.consumers.find((c) => c.queue === QUEUES.webhooks);
    expect(webhooks?.dead_letter_queue).toBe(QUEUES.webhooksDeadLetter);
  });

  it("keeps secrets and local relay settings out of [vars]", () => {
    const forbidden = ["DATABASE_URL", "NEON_WS_PROXY", "INTERCOM_CLIENT_SECRET", "ADMIN_API_KEY"];
    for (const name of forbidden) expect(toml.vars ?? {}).not.toHaveProperty(name);
  });
});
