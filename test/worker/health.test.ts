import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("GET /health", () => {
  it("reports the database up and Intercom unconfigured as degraded", async () => {
    const res = await exports.default.fetch("http://bridge.test/health");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; checks: Record<string, unknown> };
    expect(body.status).toBe("degraded");
    expect(body.checks.database).toMatchObject({ status: "ok" });
  });
});
