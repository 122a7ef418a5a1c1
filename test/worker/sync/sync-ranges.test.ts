import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts } from "../../../src/db/schema/contacts.ts";
import { conversations } from "../../../src/db/schema/conversations.ts";
import { syncRuns, syncState } from "../../../src/db/schema/sync.ts";
import type { Services } from "../../../src/services.ts";
import { WHOLE } from "../../../src/sync/window.ts";
import {
  conversationSandbox,
  conversationServices,
  runConversationSync,
} from "../../support/conversations.ts";
import { expectStatus } from "../../support/status.ts";
import { runSync, sandbox, servicesPerTest, syncServices } from "../../support/sync.ts";

const workspace = servicesPerTest(syncServices);
const conversationWorkspace = servicesPerTest(conversationServices);

/** Every record the sandbox's search finds, with its created_at. */
async function searchAll(
  read: typeof sandbox,
  path: string,
  key: "data" | "conversations",
): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  let cursor: string | undefined;
  do {
    const page = await read(path, {
      method: "POST",
      body: JSON.stringify({
        query: { field: "created_at", operator: ">", value: 0 },
        pagination: { per_page: 150, ...(cursor ? { starting_after: cursor } : {}) },
      }),
    });
    await expectStatus(page, 200);
    for (const r of page.body[key] as Array<{ id: string; created_at: number }>)
      found.set(r.id, r.created_at);
    cursor = (page.body.pages as { next?: { starting_after?: string } }).next?.starting_after;
  } while (cursor);
  return found;
}

/** A range between two records' creation times: neither end on a day boundary. */
function middleRange(created: Map<string, number>) {
  const times = [...created.values()].sort((a, b) => a - b);
  const since = times[Math.floor(times.length / 4)] ?? 0;
  const until = times[Math.floor((times.length * 3) / 4)] ?? 0;
  const inside = (t: number) => t >= since && t < until;
  const ids = [...created].filter(([, t]) => inside(t)).map(([id]) => id);
  return { since, until, ids: new Set(ids) };
}

async function storedContacts(s: Services) {
  return s
    .db()
    .select({ id: contacts.id, deletedAt: contacts.deletedAt })
    .from(contacts)
    .where(eq(contacts.workspaceId, s.config.INTERCOM_WORKSPACE_ID));
}

async function watermarkOf(s: Services, kind: "contacts" | "conversations") {
  const [row] = await s
    .db()
    .select({ watermark: syncState.watermark })
    .from(syncState)
    .where(
      and(eq(syncState.workspaceId, s.config.INTERCOM_WORKSPACE_ID), eq(syncState.kind, kind)),
    );
  return row?.watermark ?? null;
}

const runRow = async (s: Services, id: string) =>
  (await s.db().select().from(syncRuns).where(eq(syncRuns.id, id)))[0];

describe("a ranged full contact run", () => {
  it("syncs only contacts created in its range and leaves no watermark", async () => {
    const s = workspace();
    const before = middleRange(await searchAll(sandbox, "/contacts/search", "data"));
    const { runId } = await runSync(s, "full", undefined, {
      ...WHOLE,
      rangeFrom: before.since,
      rangeTo: before.until,
    });
    const run = await runRow(s, runId);
    expect(run).toMatchObject({ status: "succeeded", rangeFrom: before.since, tombstoned: 0 });
    // Other tests change this sandbox meanwhile (contacts created now, some deleted): what is
    // in range after the run must be stored, and nothing stored may lie outside the range.
    const after = middleRange(await searchAll(sandbox, "/contacts/search", "data"));
    const stored = new Set((await storedContacts(s)).map((c) => c.id));
    for (const id of stored) expect(before.ids.has(id), `${id} is outside the range`).toBe(true);
    for (const id of after.ids) if (before.ids.has(id)) expect(stored.has(id)).toBe(true);
    expect(stored.size).toBeGreaterThan(10);
    expect(await watermarkOf(s, "contacts")).toBeNull();
  });

  it("tombstones nothing and keeps the watermark of the full run before it", async () => {
    const s = workspace();
    const range = middleRange(await searchAll(sandbox, "/contacts/search", "data"));
    await runSync(s, "full");
    const watermark = await watermarkOf(s, "contacts");
    expect(watermark).not.toBeNull();
    // Two stored contacts Intercom no longer has (deleted while their webhooks were missed):
    // an unranged full run tombstones them (contact-sync-gone.test.ts), a ranged one must not.
    const ws = s.config.INTERCOM_WORKSPACE_ID;
    const [outside] = [...(await searchAll(sandbox, "/contacts/search", "data"))].filter(
      ([id, t]) => t < range.since && !range.ids.has(id),
    );
    const [inside] = [...range.ids];
    for (const id of [outside?.[0], inside])
      await s
        .db()
        .update(contacts)
        .set({ id: `gone_${id}` })
        .where(and(eq(contacts.workspaceId, ws), eq(contacts.id, id ?? "")));
    const { runId } = await runSync(s, "full", undefined, {
      ...WHOLE,
      rangeFrom: range.since,
      rangeTo: range.until,
    });
    expect(await runRow(s, runId)).toMatchObject({ status: "succeeded", tombstoned: 0 });
    const gone = (await storedContacts(s)).filter((c) => c.id.startsWith("gone_"));
    expect(gone).toHaveLength(2);
    expect(gone.every((c) => c.deletedAt === null)).toBe(true);
    expect(await watermarkOf(s, "contacts")).toBe(watermark);
  });
});

describe("an hours-back contact run", () => {
  it("pulls what changed in its window though the watermark is later, and leaves it", async () => {
    const s = workspace();
    await runSync(s, "full");
    const ws = s.config.INTERCOM_WORKSPACE_ID;
    const later = Math.floor(Date.now() / 1000) + 10 * 86_400;
    await s.db().update(syncState).set({ watermark: later }).where(eq(syncState.workspaceId, ws));
    const email = `window_${crypto.randomUUID().slice(0, 8)}@example.com`;
    const created = await sandbox("/contacts", {
      method: "POST",
      body: JSON.stringify({ email, external_id: `w_${email}` }),
    });
    await expectStatus(created, 200);
    const id = String(created.body.id);
    const has = async () => (await storedContacts(s)).some((c) => c.id === id);
    await runSync(s, "incremental");
    expect(await has()).toBe(false);
    const { runId } = await runSync(s, "incremental", undefined, { ...WHOLE, hoursBack: 2 });
    expect(await has()).toBe(true);
    expect(await runRow(s, runId)).toMatchObject({ status: "succeeded", hoursBack: 2 });
    expect(await watermarkOf(s, "contacts")).toBe(later);
  });

  it("sets no watermark on a workspace that has none", async () => {
    const s = workspace();
    const { runId } = await runSync(s, "incremental", undefined, { ...WHOLE, hoursBack: 1 });
    expect((await runRow(s, runId))?.status).toBe("succeeded");
    expect(await watermarkOf(s, "contacts")).toBeNull();
  });
});

describe("a ranged full conversation run", () => {
  it("syncs only conversations created in its range, tombstones none, sets no watermark", async () => {
    const s = conversationWorkspace();
    const range = middleRange(
      await searchAll(conversationSandbox, "/conversations/search", "conversations"),
    );
    const { runId } = await runConversationSync(s, "full", {
      window: { ...WHOLE, rangeFrom: range.since, rangeTo: range.until },
    });
    expect(await runRow(s, runId)).toMatchObject({ status: "succeeded", tombstoned: 0 });
    const stored = await s
      .db()
      .select({ id: conversations.id })
      .from(conversations)
      .where(
        and(
          eq(conversations.workspaceId, s.config.INTERCOM_WORKSPACE_ID),
          isNull(conversations.deletedAt),
        ),
      );
    const ids = new Set(stored.map((c) => c.id));
    for (const id of ids) expect(range.ids.has(id), `${id} is outside the range`).toBe(true);
    expect(ids.size).toBeGreaterThan(range.ids.size * 0.9);
    expect(await watermarkOf(s, "conversations")).toBeNull();
  });
});
