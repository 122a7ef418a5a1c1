import { asc, eq, sql } from "drizzle-orm";
import { expect } from "vitest";
import {
  contacts,
  conversationParts,
  conversations,
  customers,
  syncPartitions,
  syncRuns,
} from "../../src/db/schema/index.ts";
import type { Services } from "../../src/services.ts";
import { sandbox } from "./sync.ts";

const DAY = 86_400;

/** Every id a sandbox lists at `path` (`/contacts` or `/conversations`), page by page. */
/** Every sandbox conversation with the contacts it is with. */
export async function sandboxConversations(base: string) {
  const found: Array<{ id: string; contactIds: string[] }> = [];
  let cursor: string | undefined;
  do {
    const page = await sandbox(
      `/conversations?per_page=150${cursor ? `&starting_after=${cursor}` : ""}`,
      {},
      base,
    );
    for (const c of page.body.conversations as Array<{
      id: string;
      contacts: { contacts: Array<{ id: string }> };
    }>)
      found.push({ id: c.id, contactIds: c.contacts.contacts.map((x) => x.id) });
    cursor = (page.body.pages as { next?: { starting_after?: string } }).next?.starting_after;
  } while (cursor);
  return found;
}

export async function sandboxIds(base: string, path: "/contacts" | "/conversations") {
  const key = path === "/contacts" ? "data" : "conversations";
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await sandbox(
      `${path}?per_page=150${cursor ? `&starting_after=${cursor}` : ""}`,
      {},
      base,
    );
    ids.push(...(page.body[key] as Array<{ id: string }>).map((c) => c.id));
    cursor = (page.body.pages as { next?: { starting_after?: string } }).next?.starting_after;
  } while (cursor);
  return ids.sort();
}

export async function runRow(s: Services, id: string) {
  const [row] = await s.db().select().from(syncRuns).where(eq(syncRuns.id, id));
  return row;
}

export async function partitionsOf(s: Services, runId: string) {
  return s
    .db()
    .select()
    .from(syncPartitions)
    .where(eq(syncPartitions.runId, runId))
    .orderBy(asc(syncPartitions.partition));
}

const TABLES = { contacts, conversations };

/** Ids of the stored rows that are not tombstones. */
export async function liveIds(s: Services, kind: keyof typeof TABLES) {
  const t = TABLES[kind];
  const rows = await s
    .db()
    .select({ id: t.id })
    .from(t)
    .where(sql`${t.workspaceId} = ${s.config.INTERCOM_WORKSPACE_ID} and ${t.deletedAt} is null`);
  return rows.map((r) => r.id).sort();
}

/**
 * The partition bounds a full run must use over what is stored now, computed here from the
 * stored created_at values: percentile_disc(k/8) is the ceil(k·n/8)-th smallest value, and
 * bounds are whole UTC days, strictly increasing.
 */
export async function expectedQuantileBounds(s: Services, kind: keyof typeof TABLES) {
  const t = TABLES[kind];
  const rows = await s
    .db()
    .select({ at: t.intercomCreatedAt })
    .from(t)
    .where(sql`${t.workspaceId} = ${s.config.INTERCOM_WORKSPACE_ID} and ${t.deletedAt} is null`);
  const sorted = rows.map((r) => Math.floor((r.at as Date).getTime() / 1000)).sort((a, b) => a - b);
  const cuts = [1, 2, 3, 4, 5, 6, 7].map((k) => {
    const value = sorted[Math.ceil((k * sorted.length) / 8) - 1] as number;
    return Math.floor(value / DAY) * DAY;
  });
  const bounds = [null, ...new Set(cuts), null];
  return bounds.slice(0, -1).map((from, i) => ({ createdFrom: from, createdTo: bounds[i + 1] }));
}

/** A full run split by those bounds, each partition with a fair share of the rows. */
export async function expectQuantilePartitions(
  s: Services,
  runId: string,
  expected: Awaited<ReturnType<typeof expectedQuantileBounds>>,
) {
  const parts = await partitionsOf(s, runId);
  expect(parts.map((p) => ({ createdFrom: p.createdFrom, createdTo: p.createdTo }))).toEqual(
    expected,
  );
  const total = parts.reduce((n, p) => n + p.records, 0);
  for (const p of parts) expect(p.records).toBeLessThan((1.5 * total) / parts.length);
  expect(parts.every((p) => p.done && !p.failed)).toBe(true);
  return parts;
}

/**
 * What the runs leave behind, without the columns that say when it was written. A
 * conversation's `raw` is left out: it is whichever payload wrote the row last, and a search
 * page's (HTML opening message, no parts) differs from a part fetch's (plain text, with its
 * parts) for the same `updated_at`, so it alternates between runs while every column agrees.
 */
export async function storedState(s: Services) {
  const ws = s.config.INTERCOM_WORKSPACE_ID;
  const db = s.db();
  const contactRows = await db
    .select()
    .from(contacts)
    .where(eq(contacts.workspaceId, ws))
    .orderBy(contacts.id);
  const customerRows = await db
    .select()
    .from(customers)
    .where(eq(customers.workspaceId, ws))
    .orderBy(customers.email);
  const conversationRows = await db
    .select()
    .from(conversations)
    .where(eq(conversations.workspaceId, ws))
    .orderBy(conversations.id);
  const parts = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(conversationParts)
    .where(eq(conversationParts.workspaceId, ws));
  return {
    contacts: contactRows.map(({ writtenAt, ...rest }) => rest),
    customers: customerRows.map(({ syncedAt, supportRefreshedAt, ...rest }) => rest),
    conversations: conversationRows.map(({ writtenAt, raw, ...rest }) => rest),
    parts: parts[0]?.n,
  };
}
