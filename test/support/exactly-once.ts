import { env } from "cloudflare:workers";
import { inArray } from "drizzle-orm";
import type { Database } from "../../src/db/client.ts";
import { outboxMessages } from "../../src/db/schema/outbox.ts";

/*
 * What the exactly-once tests read: the sandbox as Intercom's API shows it (never our copy),
 * and the outbox rows themselves.
 */

const BASE = env.INTERCOM_API_BASE ?? "";
const HEADERS = {
  authorization: "Bearer local-intercom-token",
  "intercom-version": "2.16",
  "content-type": "application/json",
};

export async function intercom<T>(
  path: string,
  init: { method?: string; body?: unknown } = {},
  base = BASE,
): Promise<T> {
  const res = await fetch(new URL(path, base), {
    method: init.method ?? "GET",
    headers: HEADERS,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  if (!res.ok) throw new Error(`sandbox ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The sandbox's lost-reply fault (`PATCH /__sandbox/knobs`), only on writes. */
export async function loseReplies(rate: number, base = BASE) {
  const res = await fetch(new URL("/__sandbox/knobs", base), {
    method: "PATCH",
    body: JSON.stringify({ faults: { lostReplyRate: rate } }),
  });
  if (!res.ok) throw new Error(`knobs: ${res.status}`);
}

/** A contact of the test's own, made in the sandbox directly. */
export async function newContact(base = BASE): Promise<string> {
  const userId = `eo_${crypto.randomUUID()}`;
  const contact = await intercom<{ id: string }>(
    "/contacts",
    { method: "POST", body: { role: "user", external_id: userId } },
    base,
  );
  return contact.id;
}

export async function firstAdminId(base = BASE): Promise<string> {
  const { admins } = await intercom<{ admins: Array<{ id: string }> }>("/admins", {}, base);
  const id = admins[0]?.id;
  if (!id) throw new Error("the sandbox has no admins");
  return id;
}

/** Every note on the contact, as Intercom lists them. */
export async function notesOf(contactId: string, base = BASE) {
  const notes: Array<{ id: string; body: string }> = [];
  for (let page = 1; ; page++) {
    const res = await intercom<{
      data: Array<{ id: string; body: string }>;
      pages: { total_pages: number };
    }>(`/contacts/${contactId}/notes?per_page=150&page=${page}`, {}, base);
    notes.push(...res.data);
    if (page >= res.pages.total_pages) return notes;
  }
}

/** The contact's conversations, with their opening message. */
export async function conversationsOf(contactId: string) {
  const res = await intercom<{
    conversations: Array<{ id: string; source: { body: string; delivered_as: string } }>;
  }>("/conversations/search", {
    method: "POST",
    body: {
      query: { field: "contact_ids", operator: "=", value: contactId },
      pagination: { per_page: 150 },
    },
  });
  return res.conversations;
}

export async function tagNamesOf(contactId: string): Promise<string[]> {
  const res = await intercom<{ data: Array<{ name: string }> }>(`/contacts/${contactId}/tags`);
  return res.data.map((t) => t.name);
}

/** How many times each text occurs, HTML paragraphs unwrapped. */
export function occurrences(bodies: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const body of bodies) {
    const text = body.replace(/<[^>]*>/g, "");
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return counts;
}

/** Polls the rows until none is still to deliver (or `timeoutMs` passes); returns them. */
export async function whenSettled(db: Database, ids: readonly string[], timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await db
      .select({
        id: outboxMessages.id,
        status: outboxMessages.status,
        result: outboxMessages.result,
        lastError: outboxMessages.lastError,
      })
      .from(outboxMessages)
      .where(inArray(outboxMessages.id, [...ids]));
    const open = rows.filter((r) => r.status !== "delivered" && r.status !== "dead");
    if ((open.length === 0 && rows.length === ids.length) || Date.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export const tally = (rows: ReadonlyArray<{ status: string }>) =>
  Object.fromEntries(
    [...new Set(rows.map((r) => r.status))].map((s) => [
      s,
      rows.filter((r) => r.status === s).length,
    ]),
  );
