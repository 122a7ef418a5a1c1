import type { z } from "@hono/zod-openapi";
import type { RunProgress, SyncStarted } from "../../src/http/schemas/sync.ts";
import { sweep } from "../dev/stack.ts";

/** `GET /v1/sync/runs/{id}`, as the contract has it. */
export type RunView = z.infer<typeof RunProgress>;

/**
 * Benchmarks' way to run a sync through the operator API: start it, fire the minute cron as
 * `npm start` does (its sweep resumes stalled chains), and poll the run until it ends.
 * Returns the run as `GET /v1/sync/runs/{id}` shows it, with the wall-clock seconds.
 */
export async function runSyncToEnd(
  baseUrl: string,
  adminKey: string,
  kind: "contacts" | "conversations" | "companies",
  mode: "full" | "incremental",
): Promise<RunView & { seconds: number }> {
  const started = performance.now();
  const headers = { authorization: `Bearer ${adminKey}`, "content-type": "application/json" };
  const res = await fetch(`${baseUrl}/v1/sync/${kind}`, {
    method: "POST",
    headers,
    body: JSON.stringify({ mode }),
  });
  if (res.status !== 202) throw new Error(`start answered ${res.status}: ${await res.text()}`);
  const { id } = (await res.json()) as z.infer<typeof SyncStarted>;
  let lastCron = Date.now();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (Date.now() - lastCron > 60_000) {
      lastCron = Date.now();
      await sweep(baseUrl);
    }
    const status = await fetch(`${baseUrl}/v1/sync/runs/${id}`, { headers });
    const run = (await status.json()) as RunView;
    if (run.status !== "running") return { ...run, seconds: (performance.now() - started) / 1000 };
  }
}
