import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Services } from "../../../src/services.ts";
import { QUANTILE_MIN_ROWS } from "../../../src/sync/quantiles.ts";
import { runConversationSync } from "../../support/conversations.ts";
import {
  expectedQuantileBounds,
  expectQuantilePartitions,
  liveIds,
  partitionsOf,
  runRow,
  sandboxIds,
} from "../../support/scale.ts";
import { expectStatus } from "../../support/status.ts";
import { runSync, sandbox, servicesPerTest, syncServices } from "../../support/sync.ts";

const THRESHOLD = (env as unknown as { THRESHOLD_SANDBOX_BASE: string }).THRESHOLD_SANDBOX_BASE;
const workspace = servicesPerTest(() => syncServices(THRESHOLD));

async function fullRun(s: Services, kind: "contacts" | "conversations") {
  const { runId } =
    kind === "contacts" ? await runSync(s, "full") : await runConversationSync(s, "full");
  expect(await runRow(s, runId)).toMatchObject({ status: "succeeded" });
  const path = kind === "contacts" ? "/contacts" : "/conversations";
  expect(await liveIds(s, kind)).toEqual(await sandboxIds(THRESHOLD, path));
  return runId;
}

/** Without quantiles a full run splits the time since `oldest` into equal whole-day steps. */
async function expectTimeSplit(s: Services, runId: string) {
  const parts = await partitionsOf(s, runId);
  const cuts = parts.slice(1).map((p) => p.createdFrom as number);
  expect(parts).toHaveLength(8);
  const steps = cuts.slice(1).map((c, i) => c - (cuts[i] as number));
  expect(new Set(steps).size).toBe(1);
  expect((steps[0] as number) % 86_400).toBe(0);
}

describe("full runs at the quantile threshold", () => {
  it("splits 999 stored contacts by time, run after run, and the 1,000th turns quantile cuts on", async () => {
    const s = workspace();
    await fullRun(s, "contacts");
    expect(await liveIds(s, "contacts")).toHaveLength(QUANTILE_MIN_ROWS - 1);
    await expectTimeSplit(s, await fullRun(s, "contacts"));
    await fullRun(s, "conversations");
    await expectTimeSplit(s, await fullRun(s, "conversations"));

    const created = await sandbox(
      "/contacts",
      { method: "POST", body: JSON.stringify({ role: "user", email: "thousandth@example.com" }) },
      THRESHOLD,
    );
    await expectStatus(created, 200);
    // Decided from what was stored when the run started: still 999.
    await expectTimeSplit(s, await fullRun(s, "contacts"));
    expect(await liveIds(s, "contacts")).toHaveLength(QUANTILE_MIN_ROWS);
    const bounds = await expectedQuantileBounds(s, "contacts");
    await expectQuantilePartitions(s, await fullRun(s, "contacts"), bounds);
  }, 60_000);
});
