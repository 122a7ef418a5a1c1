import { describe, expect, it } from "vitest";
import { contractFetch } from "../../support/contract.ts";
import { expectStatus } from "../../support/status.ts";
import { ADMIN_KEY, BASE } from "../../support/webhooks.ts";

const auth = { authorization: `Bearer ${ADMIN_KEY}` };
const get = (path: string) => contractFetch(`${BASE}${path}`, { headers: auth });
const post = (path: string, body?: unknown) =>
  contractFetch(`${BASE}${path}`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe("operator API for the conversation sync", () => {
  it("runs through the real queues: 202, 409 while running, progress with part jobs", async () => {
    const res = await post("/v1/sync/conversations", { mode: "full" });
    await expectStatus(res, 202);
    const { id, kind } = (await res.json()) as { id: string; kind: string };
    expect(kind).toBe("conversations");
    expect((await post("/v1/sync/conversations", { mode: "incremental" })).status).toBe(409);
    let run: Record<string, unknown> = {};
    for (let i = 0; i < 150; i++) {
      run = (await (await get(`/v1/sync/runs/${id}`)).json()) as Record<string, unknown>;
      if (run.status !== "running") break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(run).toMatchObject({ status: "succeeded", kind: "conversations", failures: 0 });
    expect(run.conversations_synced).toBeGreaterThan(0);
    expect(run.part_fetches).toBe(run.conversations_synced);
    expect(run.parts).toBeGreaterThan(0);
    const progress = run.progress as Record<string, number>;
    expect(progress.part_jobs).toBeGreaterThan(0);
    expect(progress.part_jobs_done).toBe(progress.part_jobs);
  });

  it("syncs one conversation with its parts at once, and says when Intercom has none", async () => {
    const one = await post("/v1/sync/conversations/100000002");
    await expectStatus(one, 200);
    const body = (await one.json()) as { id: string; parts: number; parts_truncated: boolean };
    expect(body).toMatchObject({ id: "100000002", parts_truncated: false });
    expect(body.parts).toBeGreaterThan(0);
    const missing = await post("/v1/sync/conversations/999999999");
    await expectStatus(missing, 404);
    expect(missing.headers.get("content-type")).toContain("application/problem+json");
    const bad = await post("/v1/sync/conversations/not%20an%20id");
    await expectStatus(bad, 400);
    expect(JSON.stringify(await bad.json())).toMatch(/is not a conversation id/);
  });
});
