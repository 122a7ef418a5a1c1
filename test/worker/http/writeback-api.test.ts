import { describe, expect, it } from "vitest";
import { contractFetch } from "../../support/contract.ts";
import { expectStatus } from "../../support/status.ts";
import { ADMIN_KEY, BASE } from "../../support/webhooks.ts";

const auth = { authorization: `Bearer ${ADMIN_KEY}` };
const get = (path: string) => contractFetch(`${BASE}${path}`, { headers: auth });
const start = (body: string | undefined) =>
  contractFetch(`${BASE}/v1/writeback`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    ...(body === undefined ? {} : { body }),
  });

describe("operator API for write-back", () => {
  it("runs a dry run through the real queue and shows it, in the list too", async () => {
    const res = await start(JSON.stringify({ dry_run: true }));
    await expectStatus(res, 202);
    const started = (await res.json()) as { run_id: string; status: string; dry_run: boolean };
    expect(started).toMatchObject({ status: "planning", dry_run: true });
    let run: Record<string, unknown> = {};
    for (let i = 0; i < 150; i++) {
      run = (await (await get(`/v1/writeback/${started.run_id}`)).json()) as Record<
        string,
        unknown
      >;
      if (run.status !== "planning") break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(run).toMatchObject({ run_id: started.run_id, status: "succeeded", dry_run: true });
    expect(run.progress).toMatchObject({ phase: "done", fraction: 1, writes_pending: 0 });
    const page = (await (await get("/v1/writeback?limit=50")).json()) as {
      data: Array<{ run_id: string }>;
      next_cursor: string | null;
    };
    expect(page.data.map((r) => r.run_id)).toContain(started.run_id);
  });

  it("pages the list with next_cursor", async () => {
    for (let i = 0; i < 2; i++) {
      const res = await start(JSON.stringify({ dry_run: true }));
      // Another planning run of this file's is a 409: wait for it, then start.
      if (res.status === 409) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const first = (await (await get("/v1/writeback?limit=1")).json()) as {
      data: Array<{ run_id: string }>;
      next_cursor: string | null;
    };
    expect(first.data).toHaveLength(1);
    expect(first.next_cursor).not.toBeNull();
    const second = (await (
      await get(`/v1/writeback?limit=1&cursor=${encodeURIComponent(first.next_cursor ?? "")}`)
    ).json()) as { data: Array<{ run_id: string }> };
    expect(second.data[0]?.run_id).not.toBe(first.data[0]?.run_id);
  });

  it("names what is wrong with a request", async () => {
    const bad = await start(JSON.stringify({ dry_run: "yes" }));
    await expectStatus(bad, 400);
    expect(JSON.stringify(await bad.json())).toContain("dry_run");
    const unknown = await start(JSON.stringify({ dry_run: true, attributes: ["x"] }));
    await expectStatus(unknown, 400);
    // A run that writes to Intercom is asked for, never a default.
    const empty = await start("{}");
    await expectStatus(empty, 400);
    expect(JSON.stringify(await empty.json())).toContain("dry_run");
    await expectStatus(await start(undefined), 400);
    await expectStatus(await get("/v1/writeback/not-a-run"), 400);
    await expectStatus(await get(`/v1/writeback/${crypto.randomUUID()}`), 404);
    await expectStatus(await get("/v1/writeback?limit=51"), 400);
  });
});
