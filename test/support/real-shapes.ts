/// <reference types="vite/client" />
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { expect } from "vitest";
import type { Env } from "../../src/config/env.ts";
import { conversations } from "../../src/db/schema/index.ts";
import { createServices } from "../../src/services.ts";
import { eventually } from "./eventually.ts";
import { expectStatus } from "./status.ts";
import { getContact, listDeliveries, postAndConsume } from "./webhooks.ts";

export type Json = Record<string, unknown>;
export interface FixtureFile {
  name: string;
  text: string;
}

/** Our own notifications of real shapes (test/fixtures/intercom-real/webhooks/README.md). */
const webhookTexts = import.meta.glob<string>("../fixtures/intercom-real/webhooks/*.json", {
  eager: true,
  query: "?raw",
  import: "default",
});
const restTexts = import.meta.glob<string>("../fixtures/intercom-real/rest/*.json", {
  eager: true,
  query: "?raw",
  import: "default",
});

const byName = (texts: Record<string, string>): FixtureFile[] =>
  Object.entries(texts)
    .map(([path, text]) => ({ name: path.slice(path.lastIndexOf("/") + 1), text }))
    .sort((a, b) => a.name.localeCompare(b.name));

export const OWN_WEBHOOKS = byName(webhookTexts);
export const OWN_REST: Record<string, string> = Object.fromEntries(
  byName(restTexts).map((f) => [f.name, f.text]),
);

export function ownRest(name: string): string {
  const text = OWN_REST[name];
  if (text === undefined) throw new Error(`no fixture rest/${name}`);
  return text;
}

/**
 * Topics a delivery may be `ignored` for (the README's list): they change nothing we store,
 * or their item is not an object we keep. Every other topic must end `applied`.
 */
export const IGNORABLE_TOPICS = new Set([
  "ping",
  "contact.subscribed",
  "contact.unsubscribed",
  "conversation.read",
  "conversation.contact.attached",
  "conversation.contact.detached",
  "conversation_part.tag.created",
  "conversation_part.redacted",
  "company.created",
  "company.updated",
  "company.deleted",
  "event.created",
  "visitor.signed_up",
]);

export const db = () => createServices({ ...env } as Env).db();

/** The notification's text with its `app_id` set to the test's workspace. */
export function inWorkspace(text: string, appId: string): { body: string; notification: Json } {
  const notification = JSON.parse(text) as Json;
  notification.app_id = appId;
  return { body: JSON.stringify(notification), notification };
}

export const itemOf = (n: Json) => (n.data as { item: Json }).item;

/** The instant Intercom meant, from either form it sends: Unix seconds or an ISO-8601 string. */
export function deliveredInstant(value: unknown): number | null {
  if (value === null || value === undefined || value === 0) return null;
  if (typeof value === "number") return value * 1000;
  if (typeof value === "string") {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw new Error(`fixture has an unparseable time: ${value}`);
    return ms;
  }
  throw new Error(`fixture has a time of type ${typeof value}`);
}

const instantOf = (value: unknown) =>
  value === null || value === undefined ? null : new Date(value as string | Date).getTime();

/** The full contact (2.x `contact` or 1.x `user`) a notification carries, if it carries one. */
export function contactIn(n: Json): Json | null {
  const item = itemOf(n);
  const full = (v: unknown): v is Json =>
    typeof v === "object" && v !== null && "id" in v && "created_at" in v;
  if ((item.type === "contact" || item.type === "user") && full(item)) return item;
  if (full(item.contact)) return item.contact;
  if (full(item.user)) return item.user;
  return null;
}

/**
 * Posts a signed notification, as a deployment of its own workspace, and expects Intercom's
 * delivery to be accepted (2xx); that deployment's consumer then processes it.
 */
export async function post(body: string): Promise<void> {
  const res = await postAndConsume(body);
  const ok = res.status >= 200 && res.status < 300;
  expect(ok, `answered ${res.status}: ${(await res.clone().text()).slice(0, 300)}`).toBe(true);
}

const SETTLED = new Set(["applied", "ignored", "dead"]);

/** The workspace's deliveries once `count` of them are applied, ignored or dead (or 15 s). */
export async function settled(appId: string, count: number) {
  return eventually(
    () => listDeliveries(appId),
    (rows) => rows.length >= count && rows.every((r) => SETTLED.has(String(r.status))),
  );
}

/** Every delivery ended as its topic allows: applied, or ignored for an ignorable topic. */
export function expectOutcomes(rows: Array<Record<string, unknown>>, count: number) {
  expect(rows.length, "deliveries stored").toBe(count);
  for (const row of rows) {
    const allowed = IGNORABLE_TOPICS.has(String(row.topic)) ? ["applied", "ignored"] : ["applied"];
    expect(
      allowed,
      `${row.topic} ended ${row.status}${row.last_error ? `: ${row.last_error}` : ""}`,
    ).toContain(row.status);
  }
}

const blank = (v: unknown) => (v === "" || v === undefined ? null : v);

/** GET /v1/contacts/{id} shows what the notification delivered, instants included. */
export async function expectContactRecord(appId: string, delivered: Json) {
  const { status, body } = await getContact(appId, String(delivered.id));
  await expectStatus({ status, body }, 200);
  expect(body.email, "email").toBe(blank(delivered.email));
  expect(body.name, "name").toBe(blank(delivered.name));
  expect(body.external_id, "external id").toBe(blank(delivered.external_id ?? delivered.user_id));
  for (const field of ["created_at", "updated_at", "signed_up_at", "last_seen_at"]) {
    expect(instantOf(body[field]), field).toBe(deliveredInstant(delivered[field]));
  }
  return body;
}

export async function conversationRow(appId: string, id: string) {
  const [row] = await db()
    .select()
    .from(conversations)
    .where(and(eq(conversations.workspaceId, appId), eq(conversations.id, id)));
  return row;
}

const idOrNull = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** Our copy of a conversation shows what the notification (2.x or 1.x) delivered. */
export async function expectConversationRecord(appId: string, delivered: Json) {
  const row = await conversationRow(appId, String(delivered.id));
  expect(row, `conversation ${delivered.id} stored`).toBeDefined();
  if (!row) return;
  const v1 = "conversation_message" in delivered;
  const stats = (delivered.statistics ?? {}) as Json;
  const rating = delivered.conversation_rating as Json | null | undefined;
  const contacts = v1
    ? [String((delivered.user as Json).id)]
    : ((delivered.contacts as { contacts: Json[] }).contacts ?? []).map((c) => String(c.id));
  expect({
    deleted: row.deletedAt,
    state: row.state,
    open: row.open,
    read: row.read,
    priority: row.priority,
    admin: row.adminAssigneeId,
    team: row.teamAssigneeId,
    created: instantOf(row.intercomCreatedAt),
    updated: instantOf(row.intercomUpdatedAt),
    waiting: instantOf(row.waitingSince),
    snoozed: instantOf(row.snoozedUntil),
    lastClosed: instantOf(row.lastClosedAt),
    contacts: row.contactIds,
    rating: row.rating,
    remark: row.ratingRemark,
    rated: instantOf(row.ratedAt),
  }).toEqual({
    deleted: null,
    state: delivered.state,
    open: delivered.open,
    read: delivered.read,
    priority: delivered.priority ?? null,
    admin: v1 ? idOrNull((delivered.assignee as Json).id) : idOrNull(delivered.admin_assignee_id),
    team: idOrNull(delivered.team_assignee_id),
    created: deliveredInstant(delivered.created_at),
    updated: deliveredInstant(delivered.updated_at),
    waiting: deliveredInstant(delivered.waiting_since),
    snoozed: deliveredInstant(delivered.snoozed_until),
    lastClosed: deliveredInstant(stats.last_close_at),
    contacts,
    rating: rating?.rating ?? null,
    remark: rating?.remark ?? null,
    rated: deliveredInstant(rating?.created_at),
  });
}
