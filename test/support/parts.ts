import { env } from "cloudflare:workers";
import { and, eq, inArray, sql } from "drizzle-orm";
import { expect } from "vitest";
import { conversationParts } from "../../src/db/schema/index.ts";
import { syncPartJobs, syncRuns } from "../../src/db/schema/sync.ts";
import { INTERCOM_VERSION } from "../../src/intercom/http.ts";
import type { Services } from "../../src/services.ts";
import { WHOLE } from "../../src/sync/window.ts";
import { expectStatus } from "./status.ts";
import { sandbox, syncServices } from "./sync.ts";

/*
 * Conversations of a part-budget test's own making, each test on a day of its own: a full run
 * ranged to that day sees only them, however many the other tests made.
 */

export const PARTS_SANDBOX = (env as unknown as { PARTS_SANDBOX_BASE: string }).PARTS_SANDBOX_BASE;
export const partsServices = () => syncServices(PARTS_SANDBOX);
export const partsSandbox = (path: string, init: RequestInit = {}) =>
  sandbox(path, init, PARTS_SANDBOX);

const DAY = 86_400;

/** A past day of the test's own (`n` apart per test), and the ranged run that covers it. */
export function testDay(n: number) {
  const day = (Math.floor(Date.now() / 1000 / DAY) - 400 - 3 * n) * DAY;
  return { day, window: { ...WHOLE, rangeFrom: day, rangeTo: day + DAY } };
}

let made = 0;

/**
 * `count` conversations created on `day`, each with `parts` parts. Ids in creation order and
 * ending in 1, statistics of fixed width: the sandbox derives some fields from the id (one id
 * in ten has Fin's answer), and equal conversations must answer equally long.
 */
export async function createConversations(
  day: number,
  count: number,
  parts: number,
  statistics: Record<string, unknown> = {},
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await partsSandbox("/__sandbox/mutate", {
      method: "POST",
      body: JSON.stringify({
        kind: "conversation.create",
        id: String(300_000_001 + 10 * made++),
        created_at: day + 3_600,
        updated_at: day + 7_200,
        parts: Array.from({ length: parts }, (_, j) => ({
          body: `Reply ${j} in a long thread about the renewal`,
          author: j % 2 ? "admin" : "user",
          created_at: day + 3_600 + j,
        })),
        statistics: { time_to_admin_reply: 300, first_admin_reply_at: day + 3_900, ...statistics },
      }),
    });
    await expectStatus(res, 200);
    ids.push(String((res.body.changed as string[])[0]));
  }
  return ids;
}

/** The length of the text Intercom answers for a conversation, as the client reads it. */
export async function answerChars(id: string): Promise<number> {
  const res = await fetch(new URL(`/conversations/${id}?display_as=plaintext`, PARTS_SANDBOX), {
    headers: { authorization: "Bearer local-intercom-token", "intercom-version": INTERCOM_VERSION },
  });
  expect(res.status).toBe(200);
  return (await res.text()).length;
}

export async function jobsOf(s: Services, runId: string) {
  return s
    .db()
    .select()
    .from(syncPartJobs)
    .where(eq(syncPartJobs.runId, runId))
    .orderBy(syncPartJobs.key);
}

export async function runRow(s: Services, runId: string) {
  const [row] = await s.db().select().from(syncRuns).where(eq(syncRuns.id, runId));
  return row;
}

/** Parts stored per conversation of `ids`. */
export async function storedParts(s: Services, ids: string[]) {
  const rows = await s
    .db()
    .select({ id: conversationParts.conversationId, n: sql<number>`count(*)::int` })
    .from(conversationParts)
    .where(
      and(
        eq(conversationParts.workspaceId, s.config.INTERCOM_WORKSPACE_ID),
        inArray(conversationParts.conversationId, ids),
      ),
    )
    .groupBy(conversationParts.conversationId);
  return Object.fromEntries(rows.map((r) => [r.id, r.n]));
}
