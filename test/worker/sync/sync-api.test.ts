import { describe, expect, it } from "vitest";
import { contractFetch } from "../../support/contract.ts";
import { expectStatus } from "../../support/status.ts";
import { ADMIN_KEY, BASE } from "../../support/webhooks.ts";

const auth = { authorization: `Bearer ${ADMIN_KEY}` };
const get = (path: string) => contractFetch(`${BASE}${path}`, { headers: auth });
const post = (path: string, body: unknown) =>
  contractFetch(`${BASE}${path}`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const start = (body: unknown) =>
  contractFetch(`${BASE}/v1/sync/contacts`, {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("operator API for the contact sync", () => {
  it("starts a run (202), refuses a second while it runs (409), and shows it finish", async () => {
    const res = await start({ mode: "full" });
    await expectStatus(res, 202);
    const { id } = (await res.json()) as { id: string };
    const again = await start({ mode: "incremental" });
    await expectStatus(again, 409);
    let run: Record<string, unknown> = {};
    for (let i = 0; i < 100; i++) {
      run = (await (await get(`/v1/sync/runs/${id}`)).json()) as Record<string, unknown>;
      if (run.status !== "running") break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(run).toMatchObject({ status: "succeeded", mode: "full", trigger: "manual" });
    expect(run.contacts_synced).toBeGreaterThan(0);
    const progress = run.progress as { partitions: number; partitions_done: number };
    expect(progress.partitions).toBeGreaterThan(1);
    expect(progress.partitions_done).toBe(progress.partitions);
    const list = (await (await get("/v1/sync/runs?limit=5")).json()) as {
      data: Array<{ run_id: string }>;
    };
    expect(list.data.map((r) => r.run_id)).toContain(id);
  });

  it("lists customers with filters and cursor paging, and shows one by email", async () => {
    const first = (await (await get("/v1/customers?limit=2")).json()) as {
      data: Array<{ id: string; email: string; quality_score: number }>;
      next_cursor: string | null;
    };
    expect(first.data).toHaveLength(2);
    // Cursors are opaque (the shared codec); the next page starts after this page's last id,
    // and no cursor holds an email (a cursor travels in URLs).
    expect(first.next_cursor).toEqual(expect.any(String));
    expect(atob(first.next_cursor ?? "")).not.toContain("@");
    const second = (await (
      await get(`/v1/customers?limit=2&cursor=${encodeURIComponent(first.next_cursor ?? "")}`)
    ).json()) as {
      data: Array<{ id: string; email: string }>;
    };
    expect((second.data[0]?.id ?? "") > (first.data[1]?.id ?? "")).toBe(true);
    const email = first.data[0]?.email ?? "";
    // One customer by email: in the body, never the URL.
    const one = await post("/v1/customers/lookup", { email: email.toUpperCase() });
    await expectStatus(one, 200);
    expect(((await one.json()) as { email: string }).email).toBe(email);
    const delinquent = (await (await get("/v1/customers?delinquent=true&limit=500")).json()) as {
      data: Array<{ delinquent: boolean }>;
    };
    expect(delinquent.data.every((c) => c.delinquent)).toBe(true);
    const highValue = (await (await get("/v1/customers?high_value=true&limit=500")).json()) as {
      data: Array<{ mrr: number }>;
    };
    expect(highValue.data.every((c) => c.mrr > 500)).toBe(true);
  });

  it("answers 404 for an unknown customer or run, 400 for a bad mode", async () => {
    expect((await post("/v1/customers/lookup", { email: "nobody@example.com" })).status).toBe(404);
    // The email is no longer a path: the old address is no route (nor a filter of the list).
    expect((await get("/v1/customers/nobody%40example.com")).status).toBe(404);
    const inUrl = await get("/v1/customers?email=nobody%40example.com");
    await expectStatus(inUrl, 400);
    const problem = JSON.stringify(await inUrl.json());
    expect(problem).toContain("query.email");
    expect(problem).not.toContain("nobody");
    expect((await get(`/v1/sync/runs/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await start({ mode: "sometimes" })).status).toBe(400);
    expect((await get("/v1/alerts?limit=5")).status).toBe(200);
  });
});
