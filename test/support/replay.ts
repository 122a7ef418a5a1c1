import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { expect, inject } from "vitest";
import type { Env } from "../../src/config/env.ts";
import { contacts, conversationParts, conversations } from "../../src/db/schema/index.ts";
import { IntercomError } from "../../src/intercom/errors.ts";
import { createServices, type Services } from "../../src/services.ts";
import type { ReplayedRequest, ReplayRoute } from "./replay-intercom.ts";

export const REPLAY_BASE = inject("replayIntercomBase");

export const answer = (
  method: string,
  path: string,
  body: string,
  extra: { status?: number; cursor?: string | null } = {},
): ReplayRoute => ({ method, path, body, status: extra.status ?? 200, ...extra });

export interface Replay {
  services: Services;
  workspaceId: string;
  requests(): Promise<ReplayedRequest[]>;
}

/**
 * A workspace of the test's own whose Intercom is the replay server answering `routes`: the
 * service's real client, syncs and transforms read recorded bodies over real HTTP.
 */
export async function replay(routes: ReplayRoute[]): Promise<Replay> {
  const token = `replay-${crypto.randomUUID()}`;
  const res = await fetch(`${REPLAY_BASE}/__replay/${token}`, {
    method: "PUT",
    body: JSON.stringify({ routes }),
  });
  expect(res.status).toBe(204);
  const workspaceId = `ws_${crypto.randomUUID().slice(0, 8)}`;
  const services = createServices({
    ...env,
    INTERCOM_API_BASE: REPLAY_BASE,
    INTERCOM_ACCESS_TOKEN: token,
    INTERCOM_WORKSPACE_ID: workspaceId,
  } as Env);
  return {
    services,
    workspaceId,
    requests: async () =>
      (await (await fetch(`${REPLAY_BASE}/__replay/${token}`)).json()) as ReplayedRequest[],
  };
}

export function client(r: Replay) {
  const c = r.services.intercom();
  if (!c) throw new Error("no Intercom client");
  return c;
}

/** The IntercomError a call ends in (and fails the test if it succeeds or throws another). */
export async function rejection(promise: Promise<unknown>): Promise<IntercomError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IntercomError);
  return error as IntercomError;
}

export async function storedContact(r: Replay, id: string) {
  const [row] = await r.services
    .db()
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, r.workspaceId), eq(contacts.id, id)));
  return row;
}

export async function storedConversation(r: Replay, id: string) {
  const db = r.services.db();
  const where = and(eq(conversations.workspaceId, r.workspaceId), eq(conversations.id, id));
  const [row] = await db.select().from(conversations).where(where);
  const parts = await db
    .select()
    .from(conversationParts)
    .where(
      and(
        eq(conversationParts.workspaceId, r.workspaceId),
        eq(conversationParts.conversationId, id),
      ),
    );
  return { row, parts };
}

const idOrNull = (v: unknown) => (v === null || v === undefined ? null : String(v));
const ms = (seconds: unknown) =>
  typeof seconds === "number" && seconds > 0 ? seconds * 1000 : null;
const instant = (d: Date | null | undefined) => (d ? d.getTime() : null);

type Json = Record<string, unknown>;

/**
 * A conversation fetched with its parts (`GET /conversations/{id}`) is stored as answered:
 * priority as given, null assignees null, numeric ids as strings, Unix-second instants, every
 * part (system parts with null bodies, bot authors), and not truncated when every part came.
 */
export async function expectFetchedConversation(r: Replay, answered: Json) {
  const { row, parts } = await storedConversation(r, String(answered.id));
  expect(row, `conversation ${answered.id} stored`).toBeDefined();
  if (!row) return;
  const list = answered.conversation_parts as { conversation_parts: Json[]; total_count: number };
  const returned = list.conversation_parts;
  expect({
    priority: row.priority,
    admin: row.adminAssigneeId,
    team: row.teamAssigneeId,
    state: row.state,
    created: instant(row.intercomCreatedAt),
    updated: instant(row.intercomUpdatedAt),
    waiting: instant(row.waitingSince),
    snoozed: instant(row.snoozedUntil),
    source: row.sourceType,
    truncated: row.partsTruncated,
    total: row.partsTotal,
    parts: parts.length,
  }).toEqual({
    priority: answered.priority ?? null,
    admin: idOrNull(answered.admin_assignee_id),
    team: idOrNull(answered.team_assignee_id),
    state: answered.state,
    created: ms(answered.created_at),
    updated: ms(answered.updated_at),
    waiting: ms(answered.waiting_since),
    snoozed: ms(answered.snoozed_until),
    source: (answered.source as Json | null)?.type ?? null,
    truncated: false,
    total: returned.length,
    parts: returned.length,
  });
  const byId = new Map(parts.map((p) => [p.id, p]));
  for (const p of returned) {
    const stored = byId.get(String(p.id));
    const author = p.author as Json | null;
    expect(
      {
        type: stored?.partType,
        body: stored?.body ?? null,
        author: stored?.authorType,
        at: instant(stored?.intercomCreatedAt),
      },
      `part ${p.id}`,
    ).toEqual({
      type: p.part_type,
      body: p.body === null ? null : expect.any(String),
      author: author?.type ?? null,
      at: ms(p.created_at),
    });
  }
}
