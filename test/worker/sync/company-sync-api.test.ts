import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import { syncRuns } from "../../../src/db/schema/sync.ts";
import { createServices } from "../../../src/services.ts";
import { workspaceApi } from "../../support/accounts.ts";
import { expectStatus } from "../../support/status.ts";
import { uniqueAppId } from "../../support/webhooks.ts";

// The company runs themselves (the scroll, the finish) are tested against the sandbox's
// companies; this is the operator's side: the route and what a run shows.
const workspace = uniqueAppId();
const api = workspaceApi(workspace);
const services = createServices(env as unknown as Env);
const db = services.db();
afterAll(() => services.close());

describe("POST /v1/sync/companies and a company run's counters", () => {
  it("refuses a range or hours back (Intercom cannot filter companies by time), starting nothing", async () => {
    for (const body of [
      { mode: "full", since: "2026-01-01", until: "2026-02-01" },
      { mode: "incremental", hours_back: 6 },
    ]) {
      const res = await api.post("/v1/sync/companies", body);
      await expectStatus(res, 400);
      expect(((await res.json()) as { detail: string }).detail).toMatch(/company run/);
    }
    const runs = await db.select().from(syncRuns).where(eq(syncRuns.workspaceId, workspace));
    expect(runs).toEqual([]);
  });

  it("shows companies synced, scroll restarts, people fetches and accounts derived on company runs only", async () => {
    const [company, contact] = await db
      .insert(syncRuns)
      .values([
        {
          workspaceId: workspace,
          kind: "companies",
          mode: "full",
          trigger: "test",
          status: "succeeded",
          finishedAt: new Date(),
          pages: 4,
          companiesSynced: 180,
          scrollRestarts: 1,
          peopleFetches: 7,
          accountsDerived: 179,
        },
        { workspaceId: workspace, kind: "contacts", mode: "full", trigger: "test" },
      ])
      .returning({ id: syncRuns.id });
    const res = await api.get(`/v1/sync/runs/${company?.id}`);
    await expectStatus(res, 200);
    expect(await res.json()).toMatchObject({
      kind: "companies",
      pages: 4,
      companies_synced: 180,
      scroll_restarts: 1,
      people_fetches: 7,
      accounts_derived: 179,
    });
    const other = (await (await api.get(`/v1/sync/runs/${contact?.id}`)).json()) as object;
    expect(other).not.toHaveProperty("companies_synced");
    expect(other).not.toHaveProperty("accounts_derived");
  });
});
