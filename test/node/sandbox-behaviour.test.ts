import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../scripts/sandbox/server.ts";
import { verifyIntercomSignature } from "../../src/webhooks/signature.ts";
import { validateResponse } from "../support/openapi.ts";
import { expectStatus } from "../support/status.ts";

const TOKEN = "local-intercom-token";
const DAY = 86_400;
const EPOCH = 1_790_000_000 - (1_790_000_000 % DAY);
let sandbox: Sandbox;

async function call(method: string, path: string, body?: unknown, token = TOKEN) {
  const res = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      "intercom-version": "2.16",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
  };
}

/** Calls and checks the answer against Intercom's OpenAPI description. */
async function checked(method: string, path: string, body?: unknown) {
  const res = await call(method, path, body);
  const pathOnly = path.split("?")[0] ?? path;
  expect({
    op: `${method} ${pathOnly} ${res.status}`,
    errors: validateResponse(method, pathOnly, res.status, res.body),
  }).toEqual({
    op: `${method} ${pathOnly} ${res.status}`,
    errors: [],
  });
  return res;
}

beforeAll(async () => {
  sandbox = await startSandbox({
    seed: 21,
    sizes: { contacts: 320, leads: 20, conversations: 1200 },
    epoch: EPOCH,
  });
});
afterAll(() => sandbox.stop());

describe("sandbox answers in Intercom's 2.16 shapes", () => {
  it("validates every operation the service uses against the OpenAPI description", async () => {
    const list = await checked("GET", "/contacts?per_page=5");
    const first = (list.body.data as Array<{ id: string }>)[0]?.id ?? "";
    await checked("GET", `/contacts/${first}`);
    const created = await checked("POST", "/contacts", {
      role: "user",
      external_id: "spec-1",
      email: "spec1@example.com",
    });
    const id = String(created.body.id);
    await checked("PUT", `/contacts/${id}`, { name: "Spec One" });
    await checked("POST", "/contacts/search", {
      query: { field: "email", operator: "=", value: "spec1@example.com" },
    });
    const tag = await checked("POST", "/tags", { name: "spec-tag" });
    await checked("GET", "/tags");
    await checked("POST", `/contacts/${id}/tags`, { id: tag.body.id });
    await checked("DELETE", `/contacts/${id}/tags/${String(tag.body.id)}`);
    await checked("POST", `/contacts/${id}/notes`, { body: "hello" });
    const admins = await checked("GET", "/admins");
    const adminId = Number((admins.body.admins as Array<{ id: string }>)[0]?.id);
    await checked("POST", "/messages", {
      message_type: "in_app",
      body: "hi",
      from: { type: "admin", id: adminId },
      to: { type: "user", id },
    });
    await checked("GET", "/teams");
    await checked("GET", "/me");
    const convs = await checked("POST", "/conversations/search", {
      query: { field: "updated_at", operator: ">", value: 0 },
      pagination: { per_page: 5 },
    });
    await checked("GET", "/conversations?per_page=5");
    const convId = (convs.body.conversations as Array<{ id: string }>)[0]?.id ?? "";
    await checked("GET", `/conversations/${convId}?display_as=plaintext`);
    await fetch(`${sandbox.url}/__sandbox/mutate`, {
      method: "POST",
      body: JSON.stringify({ kind: "conversation.delete", id: convId }),
    });
    const deleted = await checked("GET", "/conversations/deleted?per_page=2");
    expect(deleted.body.conversations).toEqual([
      expect.objectContaining({ id: convId, type: "conversation" }),
    ]);
    await checked("POST", `/contacts/${id}/archive`);
    await checked("DELETE", `/contacts/${id}`);
  });

  it("answers errors as error.list with Intercom's codes", async () => {
    expect((await checked("GET", "/contacts/nope")).body).toMatchObject({
      type: "error.list",
      errors: [{ code: "not_found" }],
    });
    const unauthorized = await call("GET", "/contacts", undefined, "bad");
    await expectStatus(unauthorized, 401);
    expect(unauthorized.body).toMatchObject({ errors: [{ code: "unauthorized" }] });
    await call("POST", "/contacts", { external_id: "dup-1" });
    const dup = await checked("POST", "/contacts", { external_id: "dup-1" });
    await expectStatus(dup, 409);
    expect(JSON.stringify(dup.body)).toMatch(/already exists with id=/);
    const noUser = await call("POST", "/events", {
      event_name: "x",
      created_at: EPOCH,
      user_id: "nobody",
    });
    await expectStatus(noUser, 404);
    const badVersion = await fetch(`${sandbox.url}/me`, {
      // 1.0 … 2.16 and Unstable are Intercom's versions; anything else is refused.
      headers: { authorization: `Bearer ${TOKEN}`, "intercom-version": "2.99" },
    });
    await expectStatus(badVersion, 400);
  });

  it("pages with cursors of at most 150, covering every contact once", async () => {
    const seen = new Set<string>();
    let cursor: string | undefined;
    let total = 0;
    do {
      const res = await call(
        "GET",
        `/contacts?per_page=500${cursor ? `&starting_after=${cursor}` : ""}`,
      );
      const data = res.body.data as Array<{ id: string }>;
      expect(data.length).toBeLessThanOrEqual(150);
      for (const c of data) {
        expect(seen.has(c.id)).toBe(false);
        seen.add(c.id);
      }
      total = Number(res.body.total_count);
      cursor = (res.body.pages as { next?: { starting_after?: string } }).next?.starting_after;
    } while (cursor);
    expect(seen.size).toBe(total);
  });

  it("matches search dates by calendar day: updated_at > T starts the next day", async () => {
    const a = await call("POST", "/contacts", { external_id: "day-a" });
    const b = await call("POST", "/contacts", { external_id: "day-b" });
    const day = EPOCH - 10 * DAY;
    await fetch(`${sandbox.url}/__sandbox/mutate`, {
      method: "POST",
      body: JSON.stringify({ kind: "contact.update", id: a.body.id, updated_at: day + DAY - 30 }),
    });
    await fetch(`${sandbox.url}/__sandbox/mutate`, {
      method: "POST",
      body: JSON.stringify({ kind: "contact.update", id: b.body.id, updated_at: day + DAY + 30 }),
    });
    const search = async (operator: string, value: number) => {
      const res = await call("POST", "/contacts/search", {
        query: {
          operator: "AND",
          value: [
            { field: "external_id", operator: "IN", value: ["day-a", "day-b"] },
            { field: "updated_at", operator, value },
          ],
        },
      });
      return (res.body.data as Array<{ external_id: string }>).map((c) => c.external_id).sort();
    };
    // a is 30 s before midnight, b 30 s after; T = one minute before midnight.
    expect(await search(">", day + DAY - 60)).toEqual(["day-b"]);
    expect(await search("=", day + DAY - 60)).toEqual(["day-a"]);
    expect(await search("<", day + DAY + 60)).toEqual(["day-a"]);
  });

  it("refuses queries nested deeper than two levels", async () => {
    const leaf = { field: "role", operator: "=", value: "user" };
    const res = await call("POST", "/contacts/search", {
      query: {
        operator: "AND",
        value: [{ operator: "OR", value: [{ operator: "AND", value: [leaf] }] }],
      },
    });
    await expectStatus(res, 400);
  });

  it("returns at most the 500 newest parts, with the real total", async () => {
    const res = await call("GET", "/conversations/100000007?display_as=plaintext");
    const parts = res.body.conversation_parts as {
      conversation_parts: Array<{ body: string }>;
      total_count: number;
    };
    expect(parts.total_count).toBeGreaterThan(500);
    expect(parts.conversation_parts).toHaveLength(500);
    expect(parts.conversation_parts[0]?.body).not.toMatch(/<p>/);
    const search = await call("POST", "/conversations/search", {
      query: { field: "id", operator: "=", value: "100000007" },
    });
    expect((search.body.conversations as Array<Record<string, unknown>>)[0]).not.toHaveProperty(
      "conversation_parts",
    );
  });

  it("limits in 10-second windows with X-RateLimit headers, then recovers", async () => {
    sandbox.setKnobs({ rateLimitPerMinute: 60 });
    sandbox.reset();
    // Start at the beginning of a 10-second window, so the calls below share one window.
    await new Promise((resolve) => setTimeout(resolve, 10_000 - (Date.now() % 10_000) + 20));
    const statuses: number[] = [];
    let reset = 0;
    for (let i = 0; i < 12; i++) {
      const res = await call("GET", "/me");
      statuses.push(res.status);
      expect(res.headers.get("x-ratelimit-limit")).toBe("60");
      reset = Number(res.headers.get("x-ratelimit-reset"));
      if (res.status === 429)
        expect(res.body).toMatchObject({ errors: [{ code: "rate_limit_exceeded" }] });
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, reset * 1000 - Date.now()) + 50),
    );
    expect((await call("GET", "/me")).status).toBe(200);
    sandbox.setKnobs({ rateLimitPerMinute: 10_000 });
  }, 30_000);

  it("is deterministic for a seed", async () => {
    const other = await startSandbox({
      seed: 21,
      sizes: { contacts: 320, leads: 20, conversations: 1200 },
      epoch: EPOCH,
    });
    try {
      const a = await fetch(`${other.url}/contacts?per_page=20`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      const b = await call("GET", "/contacts?per_page=20");
      expect(((await a.json()) as { data: unknown[] }).data).toEqual(b.body.data);
    } finally {
      await other.stop();
    }
  });

  it("posts signed webhooks when its data changes", async () => {
    const received: Array<{ body: string; signature: string }> = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({
          body: Buffer.concat(chunks).toString(),
          signature: String(req.headers["x-hub-signature"]),
        });
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const port = (receiver.address() as { port: number }).port;
    const hooked = await startSandbox({
      seed: 2,
      sizes: { contacts: 5, leads: 0 },
      webhooks: { url: `http://127.0.0.1:${port}/`, secret: "s3cret", appId: "app1" },
    });
    try {
      await fetch(`${hooked.url}/__sandbox/mutate`, {
        method: "POST",
        body: JSON.stringify({ kind: "contacts.update", count: 1 }),
      });
      for (let i = 0; i < 50 && received.length === 0; i++)
        await new Promise((r) => setTimeout(r, 20));
      const first = received[0];
      expect(first).toBeDefined();
      expect(JSON.parse(first?.body ?? "{}")).toMatchObject({
        type: "notification_event",
        app_id: "app1",
        topic: "contact.user.updated",
      });
      expect(
        await verifyIntercomSignature(
          new Uint8Array(new TextEncoder().encode(first?.body)),
          first?.signature,
          ["s3cret"],
        ),
      ).toBe(true);
    } finally {
      await hooked.stop();
      receiver.close();
    }
  });
});

describe("sandbox at scale", () => {
  it("seeds 100,000 contacts and 20,000 conversations", async () => {
    const started = performance.now();
    const big = await startSandbox({
      seed: 9,
      sizes: { contacts: 100_000, conversations: 20_000 },
    });
    try {
      const ms = performance.now() - started;
      const heap = process.memoryUsage().heapUsed / 1024 / 1024;
      console.log(
        `sandbox seeded 100k contacts + 20k conversations in ${ms.toFixed(0)} ms, heap ${heap.toFixed(0)} MiB`,
      );
      const res = await fetch(`${big.url}/contacts?per_page=1`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(((await res.json()) as { total_count: number }).total_count).toBe(100_050);
      const convs = await fetch(`${big.url}/conversations?per_page=1`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(((await convs.json()) as { total_count: number }).total_count).toBe(20_000);
    } finally {
      await big.stop();
    }
  }, 60_000);
});
