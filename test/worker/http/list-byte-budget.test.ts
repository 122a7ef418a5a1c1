import { env } from "cloudflare:workers";
import { inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import { PAGE_BYTES } from "../../../src/db/page-budget.ts";
import {
  alerts,
  contacts,
  conversationParts,
  conversations,
  customers,
  outboxMessages,
  webhookDeliveries,
} from "../../../src/db/schema/index.ts";
import { encodeCursor } from "../../../src/http/support/cursor.ts";
import { createServices } from "../../../src/services.ts";
import { listDeliveries } from "../../../src/webhooks/inbox.ts";
import { postAdmin } from "../../support/outbox.ts";
import { expectStatus } from "../../support/status.ts";
import { servicesPerTest } from "../../support/sync.ts";
import { admin, uniqueAppId } from "../../support/webhooks.ts";

const services = servicesPerTest(() => createServices(env as unknown as Env));
const db = () => services().db();

/** Rows of about these sizes: five fill a page, and one alone is larger than a whole page. */
const SIZES = [300_000, 300_000, 1_500_000, 300_000, 300_000, 300_000, 300_000, 5];
const blob = (i: number) => `${i}:${"x".repeat(SIZES[i] ?? 0)}`;

interface Walked {
  /** The bytes of each page's JSON as it came over the wire. */
  bytes: number[];
  rows: Array<Record<string, unknown>>;
}

/** Follows next_cursor through a list, asking for the most rows a page may hold. */
async function walk(
  path: (cursor: string | null) => string,
  pageOf: (body: Record<string, unknown>) => { data: unknown[]; next_cursor: string | null },
  keep: (row: Record<string, unknown>) => boolean = () => true,
  options: { body?: (cursor: string | null) => unknown; toTheEnd?: boolean } = {},
): Promise<Walked> {
  const walked: Walked = { bytes: [], rows: [] };
  let cursor: string | null = null;
  for (let n = 0; n < 200; n++) {
    const res = options.body
      ? await postAdmin(path(cursor), options.body(cursor))
      : await admin(path(cursor));
    await expectStatus(res, 200);
    const text = await res.text();
    walked.bytes.push(new TextEncoder().encode(text).byteLength);
    const page = pageOf(JSON.parse(text) as Record<string, unknown>);
    const rows = page.data as Array<Record<string, unknown>>;
    const mine = rows.filter(keep);
    walked.rows.push(...mine);
    cursor = page.next_cursor;
    // Past the test's rows: the list goes on into other tests' (older) rows.
    if (!cursor || (!options.toTheEnd && mine.length < rows.length)) break;
  }
  return walked;
}

/** Each page within the budget unless it is the one row larger than it; every row once. */
function expectCapped(
  walked: Walked,
  ids: string[],
  idOf: (row: Record<string, unknown>) => string,
) {
  expect(walked.rows.map(idOf)).toEqual(ids);
  expect(new Set(walked.rows.map(idOf)).size).toBe(walked.rows.length);
  const over = walked.bytes.filter((b) => b > PAGE_BYTES);
  expect(over).toHaveLength(1);
  expect(over[0]).toBeGreaterThan(1_500_000);
  // The pages were cut by bytes, not rows (each asked for 50 to 500 rows): 3.3 MB of rows
  // take at least three pages, one of them the large row's alone.
  expect(walked.bytes.length).toBeGreaterThanOrEqual(3);
}

const bodyPage = (b: Record<string, unknown>) =>
  b as { data: unknown[]; next_cursor: string | null };
const from = (cursor: string | null) => (cursor ? `&cursor=${cursor}` : "");

describe("list pages end at 1 MB of JSON, whatever the limit, and still hold every row once", () => {
  it("webhook deliveries with large payloads", async () => {
    const workspaceId = uniqueAppId();
    const at = (i: number) => new Date(Date.UTC(2020, 0, 1, 0, 0, SIZES.length - i));
    await db()
      .insert(webhookDeliveries)
      .values(
        SIZES.map((_, i) => ({
          workspaceId,
          deliveryKey: `d${i}`,
          topic: "contact.user.updated",
          receivedAt: at(i),
          payload: { blob: blob(i) },
          status: "applied" as const,
        })),
      );
    const walked = await walk(
      (c) => `/v1/webhooks/deliveries?workspace_id=${workspaceId}&limit=200${from(c)}`,
      bodyPage,
    );
    expectCapped(
      walked,
      SIZES.map((_, i) => `d${i}`),
      (r) => String(r.delivery_key),
    );
    // The Worker loads payloads only up to the first that passes the budget: the rest of the
    // 201 rows a full page asks for come without theirs.
    const loaded = await listDeliveries(db(), { workspaceId, limit: 201 });
    expect(loaded.map((r) => r.payload !== null)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(loaded.map((r) => r.fits)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
    // Rows come whole: a payload is never cut or left out of a row the page holds.
    expect(walked.rows.map((r) => (r.payload as { blob: string }).blob)).toEqual(
      SIZES.map((_, i) => blob(i)),
    );
  });

  it("outbox rows with large payloads (all workspaces share the list: ours are dated 1999)", async () => {
    const workspaceId = uniqueAppId();
    const at = (i: number) => new Date(Date.UTC(1999, 0, 1, 0, 0, SIZES.length - i));
    const rows = await db()
      .insert(outboxMessages)
      .values(
        SIZES.map((_, i) => ({
          workspaceId,
          kind: "contact.note" as const,
          idempotencyKey: `o${i}`,
          payload: { body: blob(i) },
          status: "dead" as const,
          createdAt: at(i),
          updatedAt: at(i),
          nextAttemptAt: new Date("2999-01-01T00:00:00Z"),
        })),
      )
      .returning({ id: outboxMessages.id, key: outboxMessages.idempotencyKey });
    const start = encodeCursor(["1999-01-02 00:00:00+00", "ffffffff-ffff-4fff-bfff-ffffffffffff"]);
    const walked = await walk(
      (c) => `/v1/outbox?limit=500&cursor=${c ?? start}`,
      bodyPage,
      (r) => rows.some((row) => row.id === r.id),
    );
    const keyOf = new Map(rows.map((r) => [r.id, r.key]));
    expectCapped(
      walked,
      SIZES.map((_, i) => `o${i}`),
      (r) => keyOf.get(String(r.id)) ?? "",
    );
    await db()
      .delete(outboxMessages)
      .where(
        inArray(
          outboxMessages.id,
          rows.map((r) => r.id),
        ),
      );
  });

  it("conversation parts with large bodies", async () => {
    const workspaceId = uniqueAppId();
    const now = new Date();
    await db()
      .insert(conversations)
      .values({ workspaceId, id: "9001", writtenAt: now, writtenFrom: "sync" });
    await db()
      .insert(conversationParts)
      .values(
        SIZES.map((_, i) => ({
          workspaceId,
          conversationId: "9001",
          id: `p${i}`,
          body: blob(i),
          intercomCreatedAt: new Date(Date.UTC(2020, 0, 1, 0, 0, i)),
          writtenAt: now,
        })),
      );
    const walked = await walk(
      (c) => `/v1/conversations/9001?workspace_id=${workspaceId}&limit=500${from(c)}`,
      (b) => b.parts as { data: unknown[]; next_cursor: string | null },
    );
    expectCapped(
      walked,
      SIZES.map((_, i) => `p${i}`),
      (r) => String(r.id),
    );
  });

  it("alerts with large messages (the configured workspace's: ours are dated 1999)", async () => {
    const ids = SIZES.map(() => crypto.randomUUID());
    await db()
      .insert(alerts)
      .values(
        SIZES.map((_, i) => ({
          id: ids[i],
          workspaceId: "default",
          email: `budget-${ids[i]}@example.com`,
          kind: "high_value" as const,
          changeKey: `budget-${i}`,
          message: blob(i),
          createdAt: new Date(Date.UTC(1999, 0, 1, 0, 0, SIZES.length - i)),
        })),
      );
    const start = encodeCursor(["1999-01-02 00:00:00+00", "~"]);
    const walked = await walk(
      (c) => `/v1/alerts?limit=500&cursor=${c ?? start}`,
      bodyPage,
      (r) => ids.includes(String(r.id)),
    );
    expectCapped(walked, ids, (r) => String(r.id));
    await db().delete(alerts).where(inArray(alerts.id, ids));
  });

  it("customers with large names (the configured workspace's, in id order among others)", async () => {
    const prefix = `budget-${crypto.randomUUID().slice(0, 8)}-`;
    const rows = await db()
      .insert(customers)
      .values(
        SIZES.map((_, i) => ({
          workspaceId: "default",
          email: `${prefix}${i}@example.com`,
          name: blob(i),
        })),
      )
      .returning({ id: customers.id, email: customers.email });
    const walked = await walk(
      (c) => `/v1/customers?limit=500${from(c)}`,
      bodyPage,
      (r) => String(r.email).startsWith(prefix),
      { toTheEnd: true },
    );
    expectCapped(walked, rows.map((r) => r.id).sort(), (r) => String(r.id));
    await db()
      .delete(customers)
      .where(
        inArray(
          customers.email,
          rows.map((r) => r.email),
        ),
      );
  });

  it("contacts looked up by email, with large custom attributes", async () => {
    const workspaceId = uniqueAppId();
    const now = new Date();
    await db()
      .insert(contacts)
      .values(
        SIZES.map((_, i) => ({
          workspaceId,
          id: `k${i}`,
          email: "shared@example.com",
          customAttributes: { notes: blob(i) },
          writtenAt: now,
          writtenFrom: "sync" as const,
        })),
      );
    const walked = await walk(() => "/v1/contacts/search", bodyPage, undefined, {
      body: (cursor) => ({
        workspace_id: workspaceId,
        email: "shared@example.com",
        limit: 50,
        ...(cursor ? { cursor } : {}),
      }),
    });
    expectCapped(
      walked,
      SIZES.map((_, i) => `k${i}`),
      (r) => String(r.id),
    );
  });
});
