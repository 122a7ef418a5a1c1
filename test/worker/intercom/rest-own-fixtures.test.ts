import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { admins, tags, teams } from "../../../src/db/schema/index.ts";
import { syncRuns } from "../../../src/db/schema/sync.ts";
import { conversationDepsFor } from "../../../src/deps.ts";
import { syncOneConversation } from "../../../src/sync/conversations/one.ts";
import { runConversationSync } from "../../support/conversations.ts";
import { ownRest } from "../../support/real-shapes.ts";
import {
  answer,
  client,
  expectFetchedConversation,
  type Replay,
  replay,
  storedContact,
} from "../../support/replay.ts";
import { customerRows, runSync } from "../../support/sync.ts";

/**
 * Our own answers of the shapes Intercom's REST API really returns (test/fixtures/
 * intercom-real/rest/), served over HTTP to the service's client, syncs and transforms.
 */
type Json = Record<string, unknown>;
const json = (name: string) => JSON.parse(ownRest(name)) as Json;
const nextCursor = (name: string) =>
  String((json(name).pages as { next: { starting_after: string } }).next.starting_after);

const contactPages = () => [
  answer("POST", "/contacts/search", ownRest("contacts.search.page-1.json"), { cursor: null }),
  answer("POST", "/contacts/search", ownRest("contacts.search.page-2.json"), {
    cursor: nextCursor("contacts.search.page-1.json"),
  }),
  answer("POST", "/contacts/search", ownRest("contacts.search.page-3.json"), {
    cursor: nextCursor("contacts.search.page-2.json"),
  }),
];

const CONVERSATION_IDS = ["318500000000101", "318500000000102", "318500000000103"];
const conversationRoutes = () => [
  answer("POST", "/conversations/search", ownRest("conversations.search.page-1.json"), {
    cursor: null,
  }),
  answer("POST", "/conversations/search", ownRest("conversations.search.page-2.json"), {
    cursor: nextCursor("conversations.search.page-1.json"),
  }),
  ...CONVERSATION_IDS.map((id) =>
    answer("GET", `/conversations/${id}`, ownRest(`conversations.get-${id}.json`)),
  ),
  answer("GET", "/conversations/deleted", ownRest("conversations.deleted.json")),
  answer("GET", "/admins", ownRest("admins.json")),
  answer("GET", "/teams", ownRest("teams.json")),
  answer("GET", "/tags", ownRest("tags.json")),
];

async function runStatus(r: Replay, runId: string) {
  const [run] = await r.services.db().select().from(syncRuns).where(eq(syncRuns.id, runId));
  return { status: run?.status, error: run?.lastError ?? null };
}

const seconds = (v: unknown) => (typeof v === "number" && v > 0 ? v * 1000 : null);
const instant = (d: Date | null | undefined) => (d ? d.getTime() : null);

describe("a contact sync over our real-shape REST answers", () => {
  it("stores every contact with its Unix-second instants and derives revenue by the rule", async () => {
    const r = await replay(contactPages());
    const { runId } = await runSync(r.services, "incremental", undefined, undefined, 3);
    expect(await runStatus(r, runId)).toEqual({ status: "succeeded", error: null });
    const answered = ["1", "2", "3"].flatMap(
      (n) => json(`contacts.search.page-${n}.json`).data as Json[],
    );
    expect(answered).toHaveLength(5);
    for (const c of answered) {
      const row = await storedContact(r, String(c.id));
      expect(
        {
          email: row?.email ?? null,
          created: instant(row?.intercomCreatedAt),
          updated: instant(row?.intercomUpdatedAt),
          signedUp: instant(row?.signedUpAt),
          lastSeen: instant(row?.lastSeenAt),
        },
        `contact ${c.id}`,
      ).toEqual({
        email: c.email === "" ? null : c.email,
        created: seconds(c.created_at),
        updated: seconds(c.updated_at),
        signedUp: seconds(c.signed_up_at),
        lastSeen: seconds(c.last_seen_at),
      });
    }
    const yearly = (answered[0]?.custom_attributes ?? {}) as Json;
    const revenue = Object.fromEntries(
      (await customerRows(r.services)).map((c) => [
        c.email,
        {
          mrr: c.mrr,
          arr: c.arr,
          planPrice: c.planPrice,
          lastPayment: c.lastPaymentAmount,
          lastPaymentAt: instant(c.lastPaymentAt),
          status: c.subscriptionStatus,
        },
      ]),
    );
    expect(revenue).toEqual({
      "odile.brandt@example.com": {
        mrr: 376.55,
        arr: 4518.62,
        planPrice: null,
        lastPayment: 4518.62,
        lastPaymentAt: seconds(yearly.stripe_last_charge_at),
        status: "active",
      },
      "kwame.asante@example.com": expect.objectContaining({
        mrr: 49,
        arr: 588,
        planPrice: 49,
        lastPayment: 49,
        status: "active",
      }),
      "lena.sorby@example.com": expect.objectContaining({
        mrr: 0,
        arr: 0,
        planPrice: 99,
        lastPayment: null,
        status: "trialing",
      }),
      "rafael.mendes@example.com": expect.objectContaining({
        mrr: 0,
        arr: 0,
        planPrice: 470,
        lastPayment: 470,
        status: "canceled",
      }),
    });
  });
});

describe("a conversation sync over our real-shape REST answers", () => {
  it("stores every conversation and part as answered, none truncated", async () => {
    const r = await replay(conversationRoutes());
    const { runId } = await runConversationSync(r.services, "incremental");
    expect(await runStatus(r, runId)).toEqual({ status: "succeeded", error: null });
    for (const id of CONVERSATION_IDS)
      await expectFetchedConversation(r, json(`conversations.get-${id}.json`));
    const ws = r.workspaceId;
    const db = r.services.db();
    expect((await db.select().from(admins).where(eq(admins.workspaceId, ws))).length).toBe(3);
    const teamRows = await db.select().from(teams).where(eq(teams.workspaceId, ws));
    expect(teamRows.map((t) => [t.id, t.adminIds])).toContainEqual([
      "6120100",
      ["6120005", "6120006"],
    ]);
    expect((await db.select().from(tags).where(eq(tags.workspaceId, ws))).length).toBe(3);
  });

  it("syncs one conversation now: every part stored, not truncated", async () => {
    const r = await replay(conversationRoutes());
    const c = client(r);
    for (const id of CONVERSATION_IDS) {
      const synced = await syncOneConversation(
        id,
        conversationDepsFor(r.services, c),
        r.workspaceId,
      );
      const answered = json(`conversations.get-${id}.json`);
      const parts = (answered.conversation_parts as { conversation_parts: unknown[] })
        .conversation_parts.length;
      expect({ parts: synced.parts, truncated: synced.partsTruncated }, id).toEqual({
        parts,
        truncated: false,
      });
      await expectFetchedConversation(r, answered);
    }
  });
});
