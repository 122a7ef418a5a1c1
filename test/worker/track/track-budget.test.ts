import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import { createServices } from "../../../src/services.ts";
import { AppError } from "../../../src/shared/errors.ts";
import { spendTrackBudget } from "../../../src/track/budget.ts";

const services = createServices(env as Env);
afterAll(() => services.close());

const limits = { perUser: 600, perAddress: 1200 };

/** One subject's spender on an explicit clock: the bucket's rule, without waiting for time. */
function subject() {
  const workspaceId = `ws_${crypto.randomUUID().slice(0, 8)}`;
  const userId = `u_${crypto.randomUUID()}`;
  const address = `203.0.113.${Math.floor(Math.random() * 250)}`;
  return async (events: number, now: Date): Promise<number | "ok"> => {
    try {
      await spendTrackBudget(services.db(), {
        workspaceId,
        userId,
        address,
        events,
        now,
        limits,
        hashKey: "test-key",
      });
      return "ok";
    } catch (error) {
      if (error instanceof AppError && error.kind === "rate_limited")
        return error.retryAfterSeconds ?? -1;
      throw error;
    }
  };
}

const minute = (at: string) => new Date(`2026-12-06T10:${at}Z`);

describe("browser event budgets: leaky buckets", () => {
  it("accepts at most 700 of 1,500 events sent across a minute boundary over 10 s", async () => {
    const spend = subject();
    const start = minute("00:55").getTime();
    let accepted = 0;
    for (let i = 0; i < 30; i++) {
      const at = new Date(start + Math.round((i * 10_000) / 29));
      if ((await spend(50, at)) === "ok") accepted += 50;
    }
    // Budget 600 plus what drains in 10 s (10 a second); fixed minutes accepted 1,100 here.
    expect(accepted).toBeGreaterThanOrEqual(600);
    expect(accepted).toBeLessThanOrEqual(700);
  });

  it("says how long until the request fits, and fits then", async () => {
    const spend = subject();
    const at = minute("10:00");
    expect(await spend(600, at)).toBe("ok");
    expect(await spend(1, at)).toBe(1);
    expect(await spend(50, at)).toBe(5);
    expect(await spend(50, new Date(at.getTime() + 4_900))).toBe(1);
    expect(await spend(50, new Date(at.getTime() + 5_000))).toBe("ok");
    expect(await spend(1, new Date(at.getTime() + 5_000))).toBe(1);
  });

  it("is full again one period after it was full, never more than full", async () => {
    const spend = subject();
    const at = minute("20:00");
    expect(await spend(600, at)).toBe("ok");
    const later = new Date(at.getTime() + 10 * 60_000);
    expect(await spend(600, later)).toBe("ok");
    expect(await spend(1, later)).toBe(1);
  });

  it("drains nothing for a request stamped before the bucket's last one (another clock)", async () => {
    const spend = subject();
    const at = minute("30:30");
    expect(await spend(600, at)).toBe("ok");
    expect(await spend(1, new Date(at.getTime() - 20_000))).toBe(1);
    expect(await spend(10, new Date(at.getTime() + 1_000))).toBe("ok");
  });
});
