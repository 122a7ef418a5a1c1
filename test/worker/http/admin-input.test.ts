import { describe, expect, it } from "vitest";
import { contractFetch } from "../../support/contract.ts";
import { expectStatus } from "../../support/status.ts";
import { ADMIN_KEY, BASE } from "../../support/webhooks.ts";

const attempt = (key: string | null, address: string) =>
  contractFetch(`${BASE}/v1/outbox?limit=1`, {
    headers: {
      "cf-connecting-ip": address,
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
    },
  });

describe("failed admin attempts", () => {
  it("are throttled per address, and never lock out the right key", async () => {
    const address = `203.0.113.${Math.floor(Math.random() * 250)}-${crypto.randomUUID()}`;
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await attempt(i % 2 ? `wrong-${i}` : null, address);
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses.every((s) => s === 401)).toBe(true);
    const over = await attempt("wrong-again", address);
    await expectStatus(over, 429);
    expect(over.headers.get("retry-after")).toBe("60");
    expect(over.headers.get("content-type")).toMatch(/problem\+json/);
    await over.arrayBuffer();
    // Whoever shares the address (a NAT, a /64) cannot lock the operator out by failing.
    const right = await attempt(ADMIN_KEY, address);
    expect(right.status, await right.text()).toBe(200);
    const still = await attempt("wrong-once-more", address);
    expect(still.status, await still.text()).toBe(429);
  });

  it("count an IPv6 /64 as one address, however its addresses are spelled", async () => {
    const hex = () => Math.floor(Math.random() * 0xffff).toString(16);
    const prefix = `2001:db8:${hex()}:${hex()}`;
    const spellings = (i: number) =>
      [
        `${prefix}::${i.toString(16)}`,
        `${prefix.toUpperCase()}:0:0:${hex()}:${i.toString(16)}`,
        `${prefix}:${hex()}:${hex()}:${hex()}:${hex()}`,
      ][i % 3] ?? "";
    for (let i = 0; i < 20; i++) {
      const res = await attempt(`wrong-${i}`, spellings(i));
      expect(res.status, await res.text()).toBe(401);
    }
    const over = await attempt("wrong-again", `${prefix}:ffff:ffff:ffff:ffff`);
    expect(over.status, await over.text()).toBe(429);
    // The next /64 is someone else.
    const next = `2001:db8:${hex()}:${hex()}::1`;
    const elsewhere = await attempt("wrong", next);
    expect(elsewhere.status, await elsewhere.text()).toBe(401);
  });
});

describe("odd path input", () => {
  const get = (path: string) =>
    contractFetch(`${BASE}${path}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });

  it("decodes a user id once: /v1/contacts/%25/notes names the user '%', not a 500", async () => {
    const res = await contractFetch(`${BASE}/v1/contacts/%25/notes?by=email`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ body: "hello" }),
    });
    await expectStatus(res, 404);
    // The problem names neither the email nor the path it came in.
    const problem = (await res.json()) as { detail: string; instance: string };
    expect(problem.instance).toBe("/v1/contacts/:contact/notes");
    expect(problem.detail).not.toContain("%");
  });

  it("refuses a NUL byte in a path or query with a problem naming where", async () => {
    const path = await get("/v1/contacts/%00");
    await expectStatus(path, 400);
    expect(((await path.json()) as { errors: Array<{ field: string }> }).errors[0]?.field).toBe(
      "path",
    );
    const query = await get("/v1/webhooks/deliveries?topic=a%00b");
    await expectStatus(query, 400);
    expect(((await query.json()) as { errors: Array<{ field: string }> }).errors[0]?.field).toBe(
      "query.topic",
    );
  });
});

describe("JSON bodies", () => {
  const search = (body: string, contentType: string) =>
    contractFetch(`${BASE}/v1/contacts/search`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": contentType },
      body,
    });
  const problemOf = async (res: Response) =>
    (await res.json()) as { detail: string; errors?: Array<{ field: string }> };

  it("are read once, as JSON whatever their content type, and validated as sent", async () => {
    const nobody = JSON.stringify({ user_id: `nobody-${crypto.randomUUID()}` });
    const plain = await search(nobody, "text/plain;charset=UTF-8");
    await expectStatus(plain, 200);
    expect(await plain.json()).toEqual({ data: [], next_cursor: null });
    // The value the middleware parsed is the one validated: a wrong field is named.
    const wrong = await search(JSON.stringify({ user_id: 5 }), "application/json");
    await expectStatus(wrong, 400);
    expect((await problemOf(wrong)).errors?.map((e) => e.field)).toEqual(["user_id"]);
  });

  it("refuse broken JSON and a body over the route's limit with problems", async () => {
    const broken = await search('{"user_id":', "application/json");
    await expectStatus(broken, 400);
    expect((await problemOf(broken)).detail).toBe("body is not valid JSON");
    const large = await search(JSON.stringify({ user_id: "u".repeat(5000) }), "application/json");
    await expectStatus(large, 413);
    expect((await problemOf(large)).detail).toBe("body exceeds 4096 bytes");
  });
});

describe("log lines of a request", () => {
  it("name the route pattern, not the path with its email", async () => {
    const { buildApp } = await import("../../../src/http/app.ts");
    const { createExecutionContext, waitOnExecutionContext } = await import("cloudflare:test");
    const { env } = await import("cloudflare:workers");
    const lines: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => {
      lines.push(args.map(String).join(" "));
    };
    try {
      const ctx = createExecutionContext();
      // A database that cannot be reached fails the lookup inside the route: an internal error.
      const broken = { ...env, DATABASE_URL: "postgres://u:p@127.0.0.1:1/none" };
      const res = await buildApp().request(
        `${BASE}/v1/contacts/ada.lovelace@example.com?by=email`,
        { method: "DELETE", headers: { authorization: `Bearer ${ADMIN_KEY}` } },
        broken,
        ctx,
      );
      await waitOnExecutionContext(ctx);
      await expectStatus(res, 500);
    } finally {
      console.error = original;
    }
    const logged = lines.join("\n");
    expect(logged).toContain("/v1/contacts/:contact");
    expect(logged).not.toContain("ada.lovelace");
  });
});
