import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import {
  contacts,
  conversationParts,
  conversations,
  erasures,
  outboxMessages,
  webhookDeliveries,
} from "../../../src/db/schema/index.ts";
import { NO_REMOVALS } from "../../../src/erasure/record.ts";
import { storeWrites } from "../../../src/outbox/rows.ts";
import { createServices } from "../../../src/services.ts";
import { contractFetch } from "../../support/contract.ts";
import {
  fetchedConversation,
  findEverywhere,
  type Person,
  person,
  seedCustomer,
  tablesSearched,
  writeConversations,
} from "../../support/erasure.ts";
import { postAdmin, settled } from "../../support/outbox.ts";
import { expectStatus } from "../../support/status.ts";
import { servicesPerTest } from "../../support/sync.ts";
import {
  ADMIN_KEY,
  admin,
  BASE,
  consume,
  notification,
  uniqueAppId,
} from "../../support/webhooks.ts";

const services = servicesPerTest(() => createServices(env as unknown as Env));
const AT = Math.floor(Date.now() / 1000) - 3_600;

/**
 * Everything we can hold about one person: their contact (by webhook), customer and alerts,
 * a conversation only they are in and one shared with someone else (both with parts), the
 * webhook deliveries those came in, and outbox writes about them (one still pending).
 */
async function seedPerson(workspaceId: string, p: Person) {
  const db = services().db();
  const other = {
    id: `o${crypto.randomUUID().slice(0, 12)}`,
    name: "Olga Other",
    email: "olga@example.com",
  };
  const me = { id: p.contactId, name: p.name, email: p.email };
  await consume([
    notification("contact.user.created", {
      appId: workspaceId,
      contactId: p.contactId,
      email: p.email,
      at: AT,
      item: { name: p.name, external_id: p.userId },
    }),
    notification("contact.user.created", {
      appId: workspaceId,
      contactId: other.id,
      email: other.email,
      at: AT,
    }),
  ]);
  await seedCustomer(db, workspaceId, p);
  const sole = fetchedConversation(
    { appId: workspaceId, at: AT, contactIds: [me.id], author: me },
    [
      { id: `${p.contactId}-s1`, authorId: me.id, body: p.phrase },
      { id: `${p.contactId}-s2`, authorId: "admin1", body: `Sorry to hear that, ${p.name}` },
    ],
  );
  const shared = fetchedConversation(
    { appId: workspaceId, at: AT, contactIds: [other.id, me.id], author: other },
    [
      { id: `${p.contactId}-h1`, authorId: other.id, body: "We are both on this thread" },
      { id: `${p.contactId}-h2`, authorId: me.id, body: `${p.phrase}, write to ${p.email}` },
    ],
  );
  await writeConversations(db, workspaceId, [sole, shared]);
  // The conversation webhooks those came in, stored as delivered.
  await consume([
    notification("conversation.user.created", { appId: workspaceId, item: sole, at: AT }),
    notification("conversation.user.replied", { appId: workspaceId, item: shared, at: AT }),
  ]);
  const writes = await storeWrites(db, workspaceId, [
    {
      kind: "contact.identify",
      idempotencyKey: `identify:${p.userId}`,
      subject: p.userId,
      payload: { userId: p.userId, email: p.email, name: p.name },
    },
    {
      kind: "slack.alert",
      idempotencyKey: `alert:${p.userId}`,
      subject: p.email,
      payload: { text: `${p.email} is now a high-value customer` },
    },
  ]);
  return { sole, shared, other, writes };
}

async function expectErased(workspaceId: string, p: Person, shared: { id: string }) {
  const db = services().db();
  expect(await tablesSearched(db)).toEqual(
    expect.arrayContaining(["contacts", "customers", "conversation_parts", "erasures"]),
  );
  expect(await findEverywhere(db, [p.email, p.name, p.phrase])).toEqual([]);
  // The product's user id is gone too, except inside idempotency keys the client chose (kept
  // verbatim: they are the dedupe keys, so a retried identify stays a no-op).
  expect(await findEverywhere(db, [p.userId])).toEqual(["outbox_messages.idempotency_key"]);
  const [tombstone] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, p.contactId)));
  expect(tombstone?.deletedAt).not.toBeNull();
  const sharedParts = await db
    .select()
    .from(conversationParts)
    .where(
      and(
        eq(conversationParts.workspaceId, workspaceId),
        eq(conversationParts.conversationId, shared.id),
      ),
    );
  // Both parts stay (counts stay right); only the erased person's is blanked.
  expect(sharedParts.map((r) => [r.id, r.body, r.redacted]).sort()).toEqual([
    [`${p.contactId}-h1`, "We are both on this thread", false],
    [`${p.contactId}-h2`, null, true],
  ]);
}

describe("erasing a person", () => {
  it("on contact.deleted from Intercom, removes them from every table, and stays so", async () => {
    const appId = uniqueAppId();
    const p = person();
    const { sole, shared, writes } = await seedPerson(appId, p);
    const db = services().db();
    expect(await findEverywhere(db, [p.phrase])).toEqual(
      expect.arrayContaining(["conversation_parts.body", "webhook_deliveries.payload"]),
    );

    await consume([
      notification("contact.deleted", { appId, contactId: p.contactId, at: AT + 60 }),
    ]);
    await expectErased(appId, p, shared);

    const [record] = await db.select().from(erasures).where(eq(erasures.workspaceId, appId));
    expect(record).toMatchObject({ requestedBy: "intercom_webhook", intercomStatus: "deleted" });
    expect(record?.intercomContactIds).toEqual([p.contactId]);
    expect(record?.removed).toMatchObject({
      contacts: 1,
      customers: 1,
      alerts: 2,
      conversations: 1,
      conversation_parts: 2,
      parts_redacted: 1,
      conversations_redacted: 1,
      outbox_messages: 2,
      outbox_cancelled: 2,
    });
    // Their contact.created and the two conversation deliveries (the deletion itself is not counted).
    expect(record?.removed.webhook_deliveries).toBe(3);
    const [soleRow] = await db
      .select()
      .from(conversations)
      .where(and(eq(conversations.workspaceId, appId), eq(conversations.id, sole.id)));
    expect(soleRow?.deletedAt).not.toBeNull();
    const outbox = await db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.workspaceId, appId));
    expect(outbox.map((r) => [r.id, r.status, r.lastError, r.idempotencyKey]).sort()).toEqual(
      writes
        .map((w) => [
          w.id,
          "cancelled",
          "cancelled: the person it is about was erased",
          w.idempotencyKey,
        ])
        .sort(),
    );

    // Late: an update older and one newer than the deletion, a replay of the conversation
    // fetch, and the same deletion again. None brings anything back.
    await consume([
      notification("contact.user.updated", {
        appId,
        contactId: p.contactId,
        email: p.email,
        at: AT + 600,
        item: { name: p.name, external_id: p.userId },
      }),
    ]);
    await writeConversations(db, appId, [sole, shared]);
    await consume([
      notification("contact.deleted", { appId, contactId: p.contactId, at: AT + 60 }),
    ]);
    await expectErased(appId, p, shared);
    const records = await db.select().from(erasures).where(eq(erasures.workspaceId, appId));
    expect(records).toHaveLength(2);
    const second = records.find((r) => r.id !== record?.id);
    expect(second?.removed).toEqual(NO_REMOVALS);
    const deliveries = await db
      .select({ status: webhookDeliveries.status, payload: webhookDeliveries.payload })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.workspaceId, appId));
    expect(deliveries.map((d) => d.status)).toEqual(deliveries.map(() => "applied"));
    expect(JSON.stringify(deliveries)).not.toContain(`"${p.contactId}"`);
  });

  it("on DELETE /v1/contacts/{user_id}, erases at once, cancels pending writes, then Intercom", async () => {
    const s = services();
    const workspaceId = s.config.INTERCOM_WORKSPACE_ID;
    const p = person();
    const identify = await postAdmin("/v1/contacts/identify", {
      user_id: p.userId,
      email: p.email,
      name: p.name,
    });
    const [identified] = ((await identify.json()) as { data: Array<{ id: string }> }).data;
    const delivered = await settled(identified?.id ?? "");
    const intercomId = String(delivered?.result?.contact_id);
    // Our copy, as the webhook for that identify would bring it.
    const q = { ...p, contactId: intercomId };
    const { shared, writes } = await seedPerson(workspaceId, q);

    const res = await contractFetch(`${BASE}/v1/contacts/${p.userId}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${ADMIN_KEY}`, "idempotency-key": `erase-${p.userId}` },
    });
    await expectStatus(res, 202);
    const body = (await res.json()) as {
      data: Array<{ id: string }>;
      erasure: { id: string; removed: Record<string, number> };
    };
    expect(body.erasure.removed).toMatchObject({ contacts: 1, customers: 1, outbox_cancelled: 2 });
    const pending = await s
      .db()
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.id, writes[0]?.id ?? ""));
    expect(pending[0]).toMatchObject({
      status: "cancelled",
      subject: null,
      payload: { erased: true },
    });

    const deleteRow = await settled(body.data[0]?.id ?? "");
    expect(deleteRow).toMatchObject({ status: "delivered", result: { deleted: true } });
    await expectErased(workspaceId, q, shared);

    // Asked in a body: a user id in a URL would reach platform logs that no erasure reaches.
    const listed = await postAdmin("/v1/erasures/search", { user_id: p.userId });
    const erasuresFound = ((await listed.json()) as { data: Array<Record<string, unknown>> }).data;
    expect(erasuresFound).toEqual([
      expect.objectContaining({
        id: body.erasure.id,
        requested_by: "admin_api",
        reference: body.data[0]?.id,
        intercom_status: "deleted",
        intercom_contact_ids: [intercomId],
        passes: 2,
      }),
    ]);
    expect(JSON.stringify(erasuresFound)).not.toContain(p.email);
    const unknown = await postAdmin("/v1/erasures/search", { user_id: `${p.userId}x` });
    expect(((await unknown.json()) as { data: unknown[] }).data).toEqual([]);
    // The query string no longer takes one: refused, not ignored (which would list every
    // erasure as if it were the answer), and the problem does not repeat it.
    const inUrl = await admin(`/v1/erasures?user_id=${p.userId}`);
    await expectStatus(inUrl, 400);
    const problem = JSON.stringify(await inUrl.json());
    expect(problem).toContain("query.user_id");
    expect(problem).not.toContain(p.userId);

    // The same request again: nothing new is sent, and the second pass removes nothing.
    const again = await contractFetch(`${BASE}/v1/contacts/${p.userId}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${ADMIN_KEY}`, "idempotency-key": `erase-${p.userId}` },
    });
    const repeated = (await again.json()) as typeof body;
    expect(repeated.data[0]).toMatchObject({ duplicate: true });
    expect(repeated.erasure.removed).toEqual(NO_REMOVALS);
  });

  it("answers a malformed erasure query with a problem naming the field", async () => {
    const res = await admin("/v1/erasures?requested_by=someone");
    await expectStatus(res, 400);
    expect(JSON.stringify(await res.json())).toContain("requested_by");
    const search = await postAdmin("/v1/erasures/search", { requested_by: "someone" });
    await expectStatus(search, 400);
    expect(JSON.stringify(await search.json())).toContain("requested_by");
  });
});
