import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMIN_KEY, BASE } from "../support/webhooks.ts";

const attempt = (key: string | null, address: string) =>
  exports.default.fetch(`${BASE}/v1/outbox?limit=1`, {
    headers: {
      "cf-connecting-ip": address,
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
    },
  });

describe("failed admin attempts", () => {
  it("are throttled per address: past the limit even the right key is not checked", async () => {
    const address = `203.0.113.${Math.floor(Math.random() * 250)}-${crypto.randomUUID()}`;
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await attempt(i % 2 ? `wrong-${i}` : null, address);
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses.every((s) => s === 401)).toBe(true);
    const over = await attempt("wrong-again", address);
    expect(over.status).toBe(429);
    expect(over.headers.get("retry-after")).toBe("60");
    expect(over.headers.get("content-type")).toMatch(/problem\+json/);
    await over.arrayBuffer();
    const right = await attempt(ADMIN_KEY, address);
    expect(right.status, await right.text()).toBe(429);
    const elsewhere = await attempt(ADMIN_KEY, `198.51.100.7-${crypto.randomUUID()}`);
    expect(elsewhere.status, await elsewhere.text()).toBe(200);
  });
});
