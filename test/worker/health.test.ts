import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Env } from "../../src/config/env.ts";
import { syncRuns } from "../../src/db/schema/sync.ts";
import { checkHealth } from "../../src/health/check.ts";
import { createServices } from "../../src/services.ts";

describe("GET /health", () => {
  it("reports ok with the database up and Intercom configured", async () => {
    const res = await exports.default.fetch("http://bridge.test/health");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; checks: Record<string, unknown> };
    expect(body.status).toBe("ok");
    expect(body.checks.database).toMatchObject({ status: "ok" });
    expect(body.checks.syncs).toEqual(expect.any(Object));
  });

  it("shows the latest run of each sync kind", async () => {
    const services = createServices({
      ...env,
      INTERCOM_WORKSPACE_ID: `ws_health_${crypto.randomUUID().slice(0, 8)}`,
    } as Env);
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
      const report = await checkHealth(services);
      expect(report.checks.syncs?.conversations).toMatchObject({ status: "failed" });
    } finally {
      if (run) await services.db().delete(syncRuns).where(eq(syncRuns.id, run.id));
      await services.close();
    }
  });

  it("is degraded without an Intercom token, and down without a database", async () => {
    const { INTERCOM_ACCESS_TOKEN: _, ...withoutToken } = env;
    const degraded = await checkHealth(createServices(withoutToken as Env));
    expect(degraded.status).toBe("degraded");
    expect(degraded.checks.intercom.status).toBe("unconfigured");
    const down = await checkHealth(
      createServices({ ...env, DATABASE_URL: "postgres://nobody:x@127.0.0.1:1/none" }),
    );
    expect(down.status).toBe("down");
    expect(down.checks.database.status).toBe("down");
  });
});
