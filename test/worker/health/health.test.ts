import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import { syncRuns } from "../../../src/db/schema/sync.ts";
import { checkHealth } from "../../../src/health/check.ts";
import { publicHealth } from "../../../src/health/probe.ts";
import worker from "../../../src/index.ts";
import { createServices } from "../../../src/services.ts";
import { contractFetch } from "../../support/contract.ts";
import { capturedLines } from "../../support/shadow.ts";
import { expectStatus } from "../../support/status.ts";
import { ADMIN_KEY } from "../../support/webhooks.ts";

const testEnv = env as unknown as Env;
/** Nothing listens on port 1: the relay's connection to it is refused. */
const UNREACHABLE = "postgres://nobody:secret-pw@127.0.0.1:1/none";

async function fetchWith(path: string, bindings: Env, headers: Record<string, string> = {}) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`http://bridge.test${path}`, { headers }),
    bindings,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

describe("GET /health", () => {
  it("answers states only: ok with the database up and Intercom configured", async () => {
    const res = await contractFetch("http://bridge.test/health");
    await expectStatus(res, 200);
    expect(await res.json()).toEqual({
      status: "ok",
      checks: { database: "ok", intercom: "ok" },
      intercom_configured: true,
    });
  });

  it("is degraded without an Intercom token", async () => {
    const { INTERCOM_ACCESS_TOKEN: _, ...withoutToken } = testEnv;
    const res = await fetchWith("/health", withoutToken as Env);
    await expectStatus(res, 200);
    expect(await res.json()).toEqual({
      status: "degraded",
      checks: { database: "ok", intercom: "degraded" },
      intercom_configured: false,
    });
  });

  it("answers 503 with the database unreachable, with no SQL, value or error text", async () => {
    let res: Response | undefined;
    const lines = await capturedLines(async () => {
      res = await fetchWith("/health", { ...testEnv, DATABASE_URL: UNREACHABLE });
    });
    expect(res?.status).toBe(503);
    const text = (await res?.text()) ?? "";
    expect(JSON.parse(text)).toEqual({
      status: "down",
      checks: { database: "down", intercom: "ok" },
      intercom_configured: true,
    });
    expect(text).not.toMatch(/select|127\.0\.0\.1|secret-pw|error|failed|postgres/i);
    // The cause is logged, for operators, without the statement or the connection string.
    const probe = lines.find((l) => l.includes("health probe failed"));
    expect(probe).toBeDefined();
    expect(probe).not.toMatch(/select 1|params|secret-pw/i);
  });

  it("probes the database at most once every few seconds per isolate", async () => {
    const url = new URL(String(testEnv.DATABASE_URL));
    url.searchParams.set("application_name", `health_${crypto.randomUUID().slice(0, 8)}`);
    const services = createServices({ ...testEnv, DATABASE_URL: url.toString() });
    let opened = 0;
    const counted = {
      ...services,
      db: () => {
        opened += 1;
        return services.db();
      },
    };
    try {
      const start = Date.now();
      expect((await publicHealth(counted, start)).status).toBe("ok");
      expect((await publicHealth(counted, start + 1_000)).status).toBe("ok");
      expect((await publicHealth(counted, start + 4_999)).status).toBe("ok");
      expect(opened).toBe(1);
      await publicHealth(counted, start + 5_000);
      expect(opened).toBe(2);
    } finally {
      await services.close();
    }
  });
});

describe("GET /v1/health", () => {
  it("needs the admin key", async () => {
    const res = await contractFetch("http://bridge.test/v1/health");
    await expectStatus(res, 401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("shows backlogs, the latest run of each sync kind and Intercom's base", async () => {
    const bindings = {
      ...testEnv,
      INTERCOM_WORKSPACE_ID: `ws_health_${crypto.randomUUID().slice(0, 8)}`,
    } as Env;
    const services = createServices(bindings);
    const [run] = await services
      .db()
      .insert(syncRuns)
      .values({
        workspaceId: services.config.INTERCOM_WORKSPACE_ID,
        kind: "conversations",
        mode: "incremental",
        trigger: "test",
        status: "failed",
        finishedAt: new Date(),
      })
      .returning();
    try {
      const res = await fetchWith("/v1/health", bindings, { authorization: `Bearer ${ADMIN_KEY}` });
      await expectStatus(res, 200);
      const report = (await res.json()) as Awaited<ReturnType<typeof checkHealth>>;
      // Syncs write under this workspace, webhooks under the token's: refused as a mismatch.
      expect(report.status).toBe("degraded");
      expect(report.checks.database).toMatchObject({
        status: "ok",
        latency_ms: expect.any(Number),
      });
      expect(report.checks.intercom).toEqual({
        status: "down",
        api_base: testEnv.INTERCOM_API_BASE,
        error: `INTERCOM_WORKSPACE_ID is ${bindings.INTERCOM_WORKSPACE_ID}, but the token belongs to workspace default: set it to default`,
      });
      expect(report.checks.webhooks).toEqual({
        pending: expect.any(Number),
        failed: expect.any(Number),
        dead: expect.any(Number),
      });
      expect(report.checks.outbox).toEqual({ pending: 0, failed: 0, unsure: 0, dead: 0 });
      expect(report.checks.syncs?.conversations).toMatchObject({ status: "failed" });
    } finally {
      if (run) await services.db().delete(syncRuns).where(eq(syncRuns.id, run.id));
      await services.close();
    }
  });

  it("names whom the token belongs to when it is this workspace's", async () => {
    const res = await fetchWith("/v1/health", testEnv, { authorization: `Bearer ${ADMIN_KEY}` });
    const report = (await res.json()) as Awaited<ReturnType<typeof checkHealth>>;
    // As the sandbox's GET /me answers.
    expect(report.checks.intercom).toEqual({
      status: "ok",
      api_base: testEnv.INTERCOM_API_BASE,
      workspace: { id: "default", name: "Sandbox", region: "US" },
      admin: { id: expect.any(String), name: expect.any(String), email: expect.any(String) },
    });
  });

  it("names the database's failure by its cause, without SQL or the connection string", async () => {
    const unreachable = createServices({ ...testEnv, DATABASE_URL: UNREACHABLE });
    const down = await checkHealth(unreachable).finally(() => unreachable.close());
    expect(down.status).toBe("down");
    expect(down.checks.database.status).toBe("down");
    expect(down.checks.database.error).toMatch(/^database query failed/);
    expect(down.checks.database.error).not.toMatch(/select|params|secret-pw/i);
    const { INTERCOM_ACCESS_TOKEN: _, ...withoutToken } = testEnv;
    const degraded = await checkHealth(createServices(withoutToken as Env));
    expect(degraded.status).toBe("degraded");
    expect(degraded.checks.intercom.status).toBe("unconfigured");
  });

  it("says when Intercom refuses the token, without the token", async () => {
    const bindings = { ...testEnv, INTERCOM_ACCESS_TOKEN: "not-the-token-xyz" } as Env;
    const res = await fetchWith("/v1/health", bindings, { authorization: `Bearer ${ADMIN_KEY}` });
    await expectStatus(res, 200);
    const text = await res.text();
    expect(text).not.toContain("not-the-token-xyz");
    const report = JSON.parse(text) as Awaited<ReturnType<typeof checkHealth>>;
    expect(report.status).toBe("degraded");
    expect(report.checks.intercom).toMatchObject({ status: "down" });
    expect(report.checks.intercom.error).toMatch(/401|unauthorized/i);
  });
});
