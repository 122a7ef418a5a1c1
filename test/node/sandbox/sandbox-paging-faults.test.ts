import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_KNOBS } from "../../../scripts/sandbox/faults.ts";
import { type Sandbox, startSandbox } from "../../../scripts/sandbox/server.ts";

let sandbox: Sandbox;

interface Listed {
  total_count: number;
  pages: { page: number; total_pages: number; next?: { starting_after: string } };
  data?: Array<{ id: string }>;
  conversations?: Array<{ id: string }>;
}

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: {
      authorization: "Bearer local-intercom-token",
      "intercom-version": "2.16",
      "content-type": "application/json",
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return (await res.json()) as Listed & Record<string, unknown>;
}

const search = (cursor?: string) =>
  call("POST", "/contacts/search", {
    query: { field: "created_at", operator: ">", value: 0 },
    pagination: { per_page: 10, ...(cursor ? { starting_after: cursor } : {}) },
  });
const ids = (page: Listed) => (page.data ?? page.conversations ?? []).map((c) => c.id);

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 3, sizes: { contacts: 25, leads: 0, conversations: 3 } });
});
afterAll(() => sandbox.stop());
afterEach(() => sandbox.setKnobs({ faults: DEFAULT_KNOBS.faults }));

describe("the sandbox's paging faults", () => {
  it("pages as before with every paging fault off", async () => {
    const first = await search();
    expect(first).toMatchObject({ total_count: 25, pages: { page: 1, total_pages: 3 } });
    const second = await search(first.pages.next?.starting_after);
    expect(second.pages.page).toBe(2);
    expect(ids(second)).not.toEqual(ids(first));
  });

  it("answers the cursor a page was asked with as its next, from the page set", async () => {
    sandbox.setKnobs({ faults: { repeatCursorFromPage: 2 } });
    const first = await search();
    const cursor = first.pages.next?.starting_after as string;
    const second = await search(cursor);
    expect(second.pages.next?.starting_after).toBe(cursor);
    expect(ids(await search(cursor))).toEqual(ids(second));
  });

  it("serves a page again and again with fresh cursors, and empty pages past the last", async () => {
    sandbox.setKnobs({ faults: { repeatPageFromPage: 2 } });
    let page = await search((await search()).pages.next?.starting_after);
    const cursors = new Set<string>();
    const pinned = ids(page);
    for (let i = 0; i < 5; i++) {
      const next = page.pages.next?.starting_after as string;
      expect(cursors.has(next)).toBe(false);
      cursors.add(next);
      page = await search(next);
      expect(ids(page)).toEqual(pinned);
      expect(page.pages.page).toBe(2);
    }
    sandbox.setKnobs({ faults: { repeatPageFromPage: 4 } });
    let at = await search();
    for (let n = 1; n <= 3; n++) at = await search(at.pages.next?.starting_after as string);
    expect(at.pages.page).toBe(4);
    expect(ids(at)).toEqual([]);
    expect(at.pages.next?.starting_after).toBeTruthy();
  });

  it("reports a total below what it serves, on lists and searches alike", async () => {
    sandbox.setKnobs({ faults: { totalShortBy: 20 } });
    expect(await search()).toMatchObject({ total_count: 5, pages: { total_pages: 1 } });
    const listed = await call("GET", "/conversations?per_page=2");
    expect(listed.total_count).toBe(0);
    expect(ids(listed)).toHaveLength(2);
  });

  it("lists more parts than a conversation has while its statistics count the real ones", async () => {
    const id = ids(await call("GET", "/conversations?per_page=1"))[0] as string;
    const real = await call("GET", `/conversations/${id}`);
    const count = (real.statistics as { count_conversation_parts: number })
      .count_conversation_parts;
    sandbox.setKnobs({ faults: { extraParts: 7 } });
    const served = await call("GET", `/conversations/${id}`);
    const parts = (served.conversation_parts as { conversation_parts: Array<{ id: string }> })
      .conversation_parts;
    expect(parts).toHaveLength(count - 1 + 7);
    expect(new Set(parts.map((p) => p.id)).size).toBe(parts.length);
    expect(served.statistics).toMatchObject({ count_conversation_parts: count });
  });
});
