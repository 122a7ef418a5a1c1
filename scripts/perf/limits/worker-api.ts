import type { Queryable } from "../db.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The minute cron's sweep: what resumes a stalled chain, as `npm start` fires it. */
export const SWEEP = "* * * * *";

/** The Worker as the harness drives it: its HTTP API, its crons, and its database. */
export class WorkerApi {
  readonly baseUrl: string;
  readonly adminKey: string;
  readonly db: Queryable;

  constructor(baseUrl: string, adminKey: string, db: Queryable) {
    this.baseUrl = baseUrl;
    this.adminKey = adminKey;
    this.db = db;
  }

  /** Runs a cron trigger as Cloudflare would (wrangler dev's `/__scheduled`). */
  async cron(expression: string): Promise<void> {
    const res = await fetch(`${this.baseUrl}/__scheduled?cron=${encodeURIComponent(expression)}`);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`cron ${expression} answered ${res.status}`);
  }

  /** An operator API call with the admin key. */
  admin(path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      method: init.method ?? "GET",
      headers: {
        authorization: `Bearer ${this.adminKey}`,
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  }

  /**
   * Waits for the latest run of `kind` started at or after `since` to end, firing the minute
   * sweep every minute meanwhile; returns its status.
   */
  async runEnded(
    kind: "contacts" | "conversations" | "companies",
    since: Date,
    limitMs: number,
  ): Promise<string> {
    const deadline = Date.now() + limitMs;
    let lastSweep = Date.now();
    for (;;) {
      const { rows } = await this.db.query<{ status: string; last_error: string | null }>(
        "select status, last_error from sync_runs where kind = $1 and started_at >= $2 order by started_at desc limit 1",
        [kind, since],
      );
      const run = rows[0];
      if (run && run.status !== "running") {
        if (run.status !== "succeeded")
          console.log(`limits: the ${kind} run ended ${run.status}: ${run.last_error ?? ""}`);
        return run.status;
      }
      if (Date.now() > deadline) throw new Error(`the ${kind} run did not end in time`);
      if (Date.now() - lastSweep > 60_000) {
        lastSweep = Date.now();
        await this.cron(SWEEP).catch(() => {});
      }
      await sleep(500);
    }
  }

  /** Waits for a write-back run to end (succeeded or failed), firing the minute sweep meanwhile. */
  async writebackEnded(runId: string, limitMs: number): Promise<string> {
    const deadline = Date.now() + limitMs;
    let lastSweep = Date.now();
    for (;;) {
      const res = await this.admin(`/v1/writeback/${runId}`);
      const run = (await res.json()) as { status: string; error: string | null };
      if (run.status === "succeeded" || run.status === "failed") {
        if (run.status !== "succeeded") console.log(`limits: the write-back ended: ${run.error}`);
        return run.status;
      }
      if (Date.now() > deadline) throw new Error("the write-back run did not end in time");
      if (Date.now() - lastSweep > 60_000) {
        lastSweep = Date.now();
        await this.cron(SWEEP).catch(() => {});
      }
      await sleep(1000);
    }
  }

  /** Waits until every webhook delivery is settled and at least `expected` were stored. */
  async deliveriesSettled(expected: number, limitMs = 20 * 60_000): Promise<void> {
    await this.settled(
      `select count(*)::int as total,
              count(*) filter (where status in ('received', 'failed'))::int as open
         from webhook_deliveries`,
      expected,
      limitMs,
      "webhook deliveries",
    );
  }

  /** Waits until every outbox row is delivered or dead and at least `expected` exist. */
  async outboxSettled(expected: number, limitMs = 20 * 60_000): Promise<void> {
    await this.settled(
      `select count(*)::int as total,
              count(*) filter (where status not in ('delivered', 'dead'))::int as open
         from outbox_messages`,
      expected,
      limitMs,
      "outbox rows",
    );
  }

  private async settled(sql: string, expected: number, limitMs: number, what: string) {
    const deadline = Date.now() + limitMs;
    let lastSweep = Date.now();
    for (;;) {
      const { rows } = await this.db.query<{ total: number; open: number }>(sql);
      const counts = rows[0] ?? { total: 0, open: 0 };
      if (counts.total >= expected && counts.open === 0) return;
      if (Date.now() > deadline)
        throw new Error(
          `${what}: ${counts.open} still open, ${counts.total} of ${expected} stored`,
        );
      if (Date.now() - lastSweep > 60_000) {
        lastSweep = Date.now();
        await this.cron(SWEEP).catch(() => {});
      }
      await sleep(500);
    }
  }
}

/** Runs every request with at most `concurrency` in flight; counts the answers by status. */
export async function runAll(
  requests: ReadonlyArray<() => Promise<Response>>,
  concurrency: number,
): Promise<Record<number, number>> {
  const statuses: Record<number, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const send = requests[next++];
      if (!send) break;
      const res = await send().catch(() => new Response(null, { status: 599 }));
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return statuses;
}
