import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import type { Env } from "../../src/config/env.ts";
import { type SyncMode, syncRuns } from "../../src/db/schema/sync.ts";
import { handleQueue } from "../../src/queues/handler.ts";
import { QUEUES } from "../../src/queues/names.ts";
import { createServices, type Services } from "../../src/services.ts";
import type { SyncMessage } from "../../src/sync/messages.ts";
import { startSync } from "../../src/sync/start.ts";
import { batchOf } from "./queue-batch.ts";
import { collectingQueue, collectingSyncQueues } from "./sync.ts";

export const COMPANY_SANDBOX = (env as unknown as { COMPANY_SANDBOX_BASE: string })
  .COMPANY_SANDBOX_BASE;

/** A workspace of the test's own on the company sandbox. */
export function companyWorkspace(): { services: Services; envFor: (sent: SyncMessage[]) => Env } {
  const workspaceId = `ws_${crypto.randomUUID().slice(0, 8)}`;
  const base = { ...env, INTERCOM_API_BASE: COMPANY_SANDBOX, INTERCOM_WORKSPACE_ID: workspaceId };
  return {
    services: createServices(base as Env),
    envFor: (sent) => ({ ...base, ...collectingSyncQueues(sent) }) as unknown as Env,
  };
}

/**
 * Starts a run and delivers its messages through the real queue consumer, one per batch as
 * wrangler.toml does, until none is left; a message the consumer retried is delivered again
 * (its delay skipped, up to `maxRetries` times in all). `between` runs before each delivery.
 */
export async function runToEnd(
  ws: ReturnType<typeof companyWorkspace>,
  kind: "contacts" | "companies",
  mode: SyncMode,
  options: {
    between?: (message: SyncMessage) => Promise<void>;
    maxRetries?: number;
    /** Delivers a message as a redelivery (attempts 2), as after a failed delivery. */
    redeliver?: (message: SyncMessage, index: number) => boolean;
  } = {},
) {
  const sent: SyncMessage[] = [];
  const run = await startSync(kind, mode, "test", {
    client: ws.services.intercom(),
    db: ws.services.db(),
    queue: collectingQueue(sent),
    workspaceId: ws.services.config.INTERCOM_WORKSPACE_ID,
    now: new Date(),
  });
  let retries = 0;
  // Each message's own delivery count: a retried message arrives again with attempts + 1.
  const attempts = new Map<SyncMessage, number>();
  let delivered = 0;
  const kinds: Record<string, number> = {};

  while (sent.length > 0) {
    const body = sent.shift() as SyncMessage;
    await options.between?.(body);
    const next: SyncMessage[] = [];
    const again = options.redeliver?.(body, delivered) ? 2 : 1;
    const attempt = Math.max(again, (attempts.get(body) ?? 0) + 1);
    attempts.set(body, attempt);
    const { batch, outcomes } = batchOf(QUEUES.sync, [body], attempt);
    await handleQueue(batch, ws.envFor(next));
    delivered += 1;
    kinds[body.kind] = (kinds[body.kind] ?? 0) + 1;
    if (outcomes[0]?.retried) {
      retries += 1;
      if (retries > (options.maxRetries ?? 10)) throw new Error(`${body.kind} kept failing`);
      // Its delay, up to a second: long enough for the sandbox's 2 s scrolls to expire.
      await new Promise((r) => setTimeout(r, Math.min(outcomes[0]?.delaySeconds ?? 0, 1) * 1000));
      sent.push(body);
    }
    sent.push(...next);
  }
  const [row] = await ws.services.db().select().from(syncRuns).where(eq(syncRuns.id, run.id));
  if (!row) throw new Error("run vanished");
  return { run: row, delivered, kinds, retries };
}

/** Every company of the sandbox, read through its own scroll as Intercom's clients read it. */
export async function sandboxCompanies(): Promise<
  Array<{ id: string; company_id: string; name?: string; user_count: number }>
> {
  const all: Array<{ id: string; company_id: string; name?: string; user_count: number }> = [];
  let param: string | null = null;
  for (;;) {
    const res = await fetch(
      `${COMPANY_SANDBOX}/companies/scroll${param ? `?scroll_param=${param}` : ""}`,
      { headers: { authorization: "Bearer local-intercom-token" } },
    );
    if (res.status === 400) {
      // Another scroll is open (ours, just ended or expiring): Intercom expires it.
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    const page = (await res.json()) as { data: typeof all; scroll_param: string };
    if (page.data.length === 0) return all;
    all.push(...page.data);
    param = page.scroll_param;
  }
}

/** Sets the company sandbox's knobs (faults included); returns a function that undoes it. */
export async function companyKnobs(patch: Record<string, unknown>) {
  const before = (await (await fetch(`${COMPANY_SANDBOX}/__sandbox/knobs`)).json()) as Record<
    string,
    unknown
  >;
  await fetch(`${COMPANY_SANDBOX}/__sandbox/knobs`, {
    method: "PATCH",
    body: JSON.stringify(patch),
  });
  return async () => {
    await fetch(`${COMPANY_SANDBOX}/__sandbox/knobs`, {
      method: "PATCH",
      body: JSON.stringify(before),
    });
  };
}

export async function mutateCompanies(command: Record<string, unknown>) {
  const res = await fetch(`${COMPANY_SANDBOX}/__sandbox/mutate`, {
    method: "POST",
    body: JSON.stringify(command),
  });
  if (!res.ok) throw new Error(`mutate ${command.kind}: ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}
