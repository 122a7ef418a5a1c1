import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import { conversations } from "../../../src/db/schema/index.ts";
import { conversationDepsFor } from "../../../src/deps.ts";
import { createServices } from "../../../src/services.ts";
import { syncOneConversation } from "../../../src/sync/conversations/one.ts";
import { conversationServices } from "../../support/conversations.ts";
import { fetchedConversation, writeConversations } from "../../support/erasure.ts";
import { expectStatus } from "../../support/status.ts";
import { servicesPerTest } from "../../support/sync.ts";
import { admin, consume, notification, uniqueAppId } from "../../support/webhooks.ts";

const services = servicesPerTest(() => createServices(env as unknown as Env));
const sandboxServices = servicesPerTest(conversationServices);
const AT = Math.floor(Date.now() / 1000) - 7_200;

interface Part {
  id: string;
  body: string | null;
  author_id: string | null;
  created_at: string | null;
  redacted: boolean;
}
interface Read {
  id: string;
  [field: string]: unknown;
  contacts: Array<{ id: string; email: string | null; name: string | null }>;
  parts: { data: Part[]; next_cursor: string | null };
}

async function read(workspaceId: string, id: string, query = "") {
  const res = await admin(`/v1/conversations/${id}?workspace_id=${workspaceId}${query}`);
  return { res, body: (await res.clone().json()) as Read };
}

/** Two people by webhook (Ada with a tag), and a conversation they share with three parts. */
async function seed(appId: string) {
  const tag = crypto.randomUUID().slice(0, 8);
  const ada = { id: `a${tag}`, name: `Ada ${tag}`, email: `ada.${tag}@example.com` };
  const ben = { id: `b${tag}`, name: `Ben ${tag}`, email: `ben.${tag}@example.com` };
  await consume(
    [ada, ben].map((p) =>
      notification("contact.user.created", {
        appId,
        contactId: p.id,
        email: p.email,
        at: AT,
        item: { name: p.name, external_id: `u_${p.id}` },
      }),
    ),
  );
  await consume([
    // The tag's notification carries the contact too, older than the one above.
    notification("contact.user.tag.created", {
      appId,
      contactId: ada.id,
      at: AT - 60,
      item: { tag: { type: "tag", id: "81", name: "VIP" } },
    }),
  ]);
  const conversation = fetchedConversation(
    {
      appId,
      at: AT,
      contactIds: [ada.id, ben.id],
      author: ada,
      item: {
        title: "Invoices",
        admin_assignee_id: "5001",
        tags: { type: "tag.list", tags: [{ type: "tag", id: "81", name: "VIP" }] },
        statistics: { time_to_admin_reply: 90, count_reopens: 2, last_close_at: AT - 30 },
      },
    },
    [
      { id: `${tag}-1`, authorId: ada.id, body: "first, by time" },
      { id: `${tag}-2`, authorId: ben.id, body: "third, by time" },
      { id: `${tag}-3`, authorId: "5001", body: "second, by time" },
    ],
  );
  // Stored in another order than their times: the answer must sort them.
  const parts = conversation.conversation_parts?.conversation_parts ?? [];
  Object.assign(parts[1] ?? {}, { created_at: AT - 10 });
  Object.assign(parts[2] ?? {}, { created_at: AT - 50 });
  await writeConversations(services().db(), appId, [conversation]);
  return { ada, ben, conversation, tag };
}

describe("GET /v1/conversations/{id}", () => {
  it("answers the stored conversation: its instants, contacts, tags and parts oldest first", async () => {
    const appId = uniqueAppId();
    const { ada, ben, conversation, tag } = await seed(appId);
    const { res, body } = await read(appId, conversation.id);
    await expectStatus(res, 200);
    const [row] = await services()
      .db()
      .select()
      .from(conversations)
      .where(and(eq(conversations.workspaceId, appId), eq(conversations.id, conversation.id)));
    if (!row) throw new Error("conversation not stored");
    expect(body).toMatchObject({
      id: conversation.id,
      workspace_id: appId,
      state: row.state,
      title: "Invoices",
      priority: row.priority,
      created_at: row.intercomCreatedAt?.toISOString(),
      updated_at: row.intercomUpdatedAt?.toISOString(),
      waiting_since: row.waitingSince?.toISOString(),
      snoozed_until: null,
      last_closed_at: new Date((AT - 30) * 1000).toISOString(),
      admin_assignee_id: "5001",
      team_assignee_id: null,
      tags: [{ id: "81", name: "VIP" }],
      statistics: { first_response_seconds: 90, reopens: 2, rating: null },
      parts_count: 3,
      parts_total: 3,
      parts_truncated: false,
    });
    expect(body.contacts).toEqual([
      { id: ada.id, external_id: `u_${ada.id}`, email: ada.email, name: ada.name },
      { id: ben.id, external_id: `u_${ben.id}`, email: ben.email, name: ben.name },
    ]);
    expect(body.parts.data.map((p) => [p.id, p.body, p.created_at])).toEqual([
      [`${tag}-1`, "first, by time", new Date((AT - 100) * 1000).toISOString()],
      [`${tag}-3`, "second, by time", new Date((AT - 50) * 1000).toISOString()],
      [`${tag}-2`, "third, by time", new Date((AT - 10) * 1000).toISOString()],
    ]);
    expect(body.parts.next_cursor).toBeNull();
  });

  it("pages the parts with cursor and limit, each once, in the same order", async () => {
    const appId = uniqueAppId();
    const { conversation, tag } = await seed(appId);
    const first = await read(appId, conversation.id, "&limit=2");
    await expectStatus(first.res, 200);
    expect(first.body.parts.data.map((p) => p.id)).toEqual([`${tag}-1`, `${tag}-3`]);
    expect(first.body.parts_count).toBe(3);
    const cursor = first.body.parts.next_cursor ?? "";
    expect(cursor).not.toBe("");
    const second = await read(appId, conversation.id, `&limit=2&cursor=${cursor}`);
    expect(second.body.parts).toEqual({
      data: [expect.objectContaining({ id: `${tag}-2` })],
      next_cursor: null,
    });
    const forged = await admin(`/v1/conversations/${conversation.id}?cursor=${btoa("[1]")}`);
    await expectStatus(forged, 400);
    expect(((await forged.json()) as { errors: unknown[] }).errors).toEqual([
      { field: "cursor", message: "is not a cursor this list gave out" },
    ]);
    for (const limit of ["0", "501", "x"]) {
      const res = await admin(`/v1/conversations/${conversation.id}?limit=${limit}`);
      await expectStatus(res, 400);
      expect(JSON.stringify(await res.json())).toContain('"field":"limit"');
    }
  });

  it("says when Intercom had more parts than it returned", async () => {
    const appId = uniqueAppId();
    const tag = crypto.randomUUID().slice(0, 8);
    const author = { id: `a${tag}`, name: "Someone", email: `s.${tag}@example.com` };
    const long = fetchedConversation({ appId, at: AT, contactIds: [author.id], author }, [
      { id: `${tag}-1`, authorId: author.id, body: "one of the latest" },
    ]);
    Object.assign(long.conversation_parts ?? {}, { total_count: 742 });
    await writeConversations(services().db(), appId, [long]);
    const { res, body } = await read(appId, long.id);
    await expectStatus(res, 200);
    expect(body).toMatchObject({ parts_count: 1, parts_total: 742, parts_truncated: true });
  });

  it("reads a conversation fetched from Intercom with its 500 latest parts, truncated", async () => {
    const s = sandboxServices();
    const client = s.intercom();
    if (!client) throw new Error("no Intercom client");
    const ws = s.config.INTERCOM_WORKSPACE_ID;
    // The conversation sandbox's one conversation with more than 500 parts; only read here.
    await syncOneConversation("100000007", conversationDepsFor(s, client), ws);
    const { res, body } = await read(ws, "100000007", "&limit=500");
    await expectStatus(res, 200);
    // Real Intercom answers the 500 latest parts with a total_count of 500: truncation is
    // known from the cap, not from the total.
    expect(body).toMatchObject({ parts_count: 500, parts_truncated: true, parts_total: 500 });
    expect(body.parts.data).toHaveLength(500);
    expect(body.parts.next_cursor).toBeNull();
    const times = body.parts.data.map((p) => p.created_at ?? "");
    expect([...times].sort()).toEqual(times);
  });

  it("never shows an erased person, and a conversation only they were in is gone", async () => {
    const appId = uniqueAppId();
    const { ada, ben, conversation, tag } = await seed(appId);
    const alone = fetchedConversation({ appId, at: AT, contactIds: [ben.id], author: ben }, [
      { id: `${tag}-alone`, authorId: ben.id, body: "just me" },
    ]);
    await writeConversations(services().db(), appId, [alone]);
    await expectStatus((await read(appId, alone.id)).res, 200);
    await consume([notification("contact.deleted", { appId, contactId: ben.id, at: AT + 60 })]);
    const { res, body } = await read(appId, conversation.id);
    await expectStatus(res, 200);
    expect(body.contacts).toEqual([
      { id: ada.id, external_id: `u_${ada.id}`, email: ada.email, name: ada.name },
      { id: ben.id, external_id: null, email: null, name: null },
    ]);
    expect(JSON.stringify(body)).not.toContain(ben.email);
    expect(body.parts.data.find((p) => p.author_id === ben.id)).toMatchObject({
      body: null,
      redacted: true,
    });
    expect(body.parts_count).toBe(3);
    await expectStatus((await read(appId, alone.id)).res, 404);
  });

  it("answers 404 for an unknown or deleted conversation, and 400 naming id for a bad one", async () => {
    const appId = uniqueAppId();
    const { conversation } = await seed(appId);
    await expectStatus((await read(appId, "999999999")).res, 404);
    // Another workspace's conversation is not this one's.
    await expectStatus((await read(uniqueAppId(), conversation.id)).res, 404);
    await consume([
      notification("conversation.deleted", {
        appId,
        conversationId: conversation.id,
        at: AT + 120,
      }),
    ]);
    const gone = await read(appId, conversation.id);
    await expectStatus(gone.res, 404);
    expect(gone.res.headers.get("content-type")).toContain("application/problem+json");
    for (const bad of ["not%20an%20id", "a.b", "x".repeat(65)]) {
      const res = await admin(`/v1/conversations/${bad}`);
      await expectStatus(res, 400);
      const problem = (await res.json()) as { errors: Array<{ field: string; message: string }> };
      expect(problem.errors).toEqual([{ field: "id", message: "is not a conversation id" }]);
    }
  });
});
