import { env } from "cloudflare:workers";
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sampleConversation } from "../../../scripts/sandbox/samples/notifications.ts";
import type { Env } from "../../../src/config/env.ts";
import { toConversationRow } from "../../../src/conversations/transform.ts";
import { upsertConversations } from "../../../src/conversations/write.ts";
import { conversations } from "../../../src/db/schema/index.ts";
import { erasePerson } from "../../../src/erasure/erase.ts";
import type { IntercomConversation } from "../../../src/intercom/schemas/conversation.ts";
import { createServices } from "../../../src/services.ts";
import { servicesPerTest } from "../../support/sync.ts";
import { uniqueAppId } from "../../support/webhooks.ts";

const services = servicesPerTest(() => createServices(env as unknown as Env));

describe("a sync page naming a conversation of an erased contact", () => {
  // A contact deleted in Intercom is erased before its conversations were ever synced (the
  // first conversation run after the contact run): the page write tombstones theirs, and only
  // theirs. It once tombstoned the page's first row instead, a stranger's live conversation.
  it("tombstones that conversation and leaves the page's others live", async () => {
    const db = services().db();
    const workspaceId = uniqueAppId();
    const erased = crypto.randomUUID().replaceAll("-", "").slice(0, 24);
    const stranger = crypto.randomUUID().replaceAll("-", "").slice(0, 24);
    const now = new Date();
    await db.transaction((tx) =>
      erasePerson(
        tx,
        {
          workspaceId,
          requestedBy: "intercom_sync",
          reference: `test:${workspaceId}`,
          requestedAt: now,
          contactIds: [erased],
          userIds: [],
          emails: [],
          intercomStatus: "deleted",
        },
        now,
      ),
    );
    const at = Math.floor(now.getTime() / 1000) - 60;
    const page = [
      sampleConversation({ appId: workspaceId, conversationId: "201", contactId: stranger, at }),
      sampleConversation({ appId: workspaceId, conversationId: "202", contactId: erased, at }),
      sampleConversation({ appId: workspaceId, conversationId: "203", contactId: stranger, at }),
    ] as unknown as IntercomConversation[];
    const rows = page.map((c) =>
      toConversationRow(workspaceId, c, { at: now, from: "sync" }, () => false),
    );
    expect(rows.map((r) => r.contactIds)).toEqual([[stranger], [erased], [stranger]]);
    await db.transaction((tx) => upsertConversations(tx, rows));
    const stored = await db
      .select({
        id: conversations.id,
        gone: conversations.deletedAt,
        contactIds: conversations.contactIds,
      })
      .from(conversations)
      .where(
        and(
          eq(conversations.workspaceId, workspaceId),
          inArray(conversations.id, ["201", "202", "203"]),
        ),
      )
      .orderBy(conversations.id);
    expect(
      stored.map((r) => ({ id: r.id, live: r.gone === null, contactIds: r.contactIds })),
    ).toEqual([
      { id: "201", live: true, contactIds: [stranger] },
      { id: "202", live: false, contactIds: null },
      { id: "203", live: true, contactIds: [stranger] },
    ]);
  });
});
