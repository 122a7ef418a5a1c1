import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConversationRecord } from "../../../scripts/sandbox/model.ts";
import { partsOf } from "../../../scripts/sandbox/parts.ts";
import { type Sandbox, startSandbox } from "../../../scripts/sandbox/server.ts";
import { validateResponse } from "../../support/openapi.ts";
import { expectStatus } from "../../support/status.ts";

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
    expect(unauthorized.body).toMatchObject({ errors: [{ code: "token_unauthorized" }] });
    // A call the workspace's plan does not include (a knob: none is, by default).
    sandbox.setKnobs({ planRestricted: ["GET /teams"] });
    const restricted = await checked("GET", "/teams");
    sandbox.setKnobs({ planRestricted: [] });
    await expectStatus(restricted, 403);
    expect(restricted.body).toMatchObject({ errors: [{ code: "api_plan_restricted" }] });
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

  it("returns at most the 500 newest parts; only the statistics count them all", async () => {
    const res = await call("GET", "/conversations/100000007?display_as=plaintext");
    const parts = res.body.conversation_parts as {
      conversation_parts: Array<{ id: string; body: string | null }>;
      total_count: number;
    };
    const all = partsOf(sandbox.workspace().conversations.get("100000007") as ConversationRecord);
    expect(all.length).toBeGreaterThan(500);
    // As Intercom answers: total_count counts the parts returned, not all there are.
    expect(parts.total_count).toBe(500);
    expect(parts.conversation_parts).toHaveLength(500);
    expect(parts.conversation_parts.map((p) => p.id)).toEqual(all.slice(-500).map((p) => p.id));
    const statistics = res.body.statistics as { count_conversation_parts: number };
    expect(statistics.count_conversation_parts).toBe(all.length + 1);
    const text = parts.conversation_parts.find((p) => p.body !== null);
    expect(text?.body).not.toMatch(/<p>/);
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
    const remaining: number[] = [];
    let reset = 0;
    for (let i = 0; i < 12; i++) {
      const res = await call("GET", "/me");
      statuses.push(res.status);
      remaining.push(Number(res.headers.get("x-ratelimit-remaining")));
      // The whole per-minute limit, and a reset a few seconds ahead: the window's end.
      expect(res.headers.get("x-ratelimit-limit")).toBe("60");
      reset = Number(res.headers.get("x-ratelimit-reset"));
      expect(reset * 1000 - Date.now()).toBeGreaterThan(0);
      expect(reset * 1000 - Date.now()).toBeLessThanOrEqual(10_000);
      if (res.status === 429)
        expect(res.body).toMatchObject({ errors: [{ code: "rate_limit_exceeded" }] });
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    // Counting down from the per-minute limit, not from the window's sixth; 0 once refused.
    expect(remaining).toEqual([59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 0, 0]);
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
