import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { syncRuns } from "../../../src/db/schema/sync.ts";
import { conversationDepsFor } from "../../../src/deps.ts";
import { syncOneConversation } from "../../../src/sync/conversations/one.ts";
import { runConversationSync } from "../../support/conversations.ts";
import { ownRest } from "../../support/real-shapes.ts";
import {
  captureNames,
  REPLAYED_BY,
  REST_CAPTURES,
  reportMissingCaptures,
  restCapture,
} from "../../support/reference-rest.ts";
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
 * Real Intercom REST answers (../shared/reference/intercom-rest-responses/) served byte for
 * byte over HTTP to the service's syncs: what a real workspace would make of our database.
 */
type Json = Record<string, unknown>;
const parsed = (name: string) => JSON.parse(restCapture(name)) as Json;
const seconds = (v: unknown) => (typeof v === "number" && v > 0 ? v * 1000 : null);
const instant = (d: Date | null | undefined) => (d ? d.getTime() : null);

async function runStatus(r: Replay, runId: string) {
  const [run] = await r.services.db().select().from(syncRuns).where(eq(syncRuns.id, runId));
  return { status: run?.status, error: run?.lastError ?? null };
}

/** A search page holding the one contact the gv-sales-integrator capture is (its bytes kept). */
const onePage = (contactText: string) =>
  `{"type":"list","data":[${contactText}],"total_count":1,"pages":{"type":"pages","page":1,"per_page":150,"total_pages":1}}`;

describe("real Intercom REST answers through the syncs", () => {
  if (reportMissingCaptures()) return;

  it("every capture is replayed by some test", () => {
    const unread = REST_CAPTURES.files
      .map((f) => f.name)
      .filter((n) => !REPLAYED_BY.some(([pattern]) => pattern.test(n)));
    expect(unread, "captures no test replays").toEqual([]);
  });

  const searches = captureNames(/^contacts\.search(-item)?--/);
  it.for(searches)("%s: a contact sync stores every contact as answered", async (name) => {
    const text = restCapture(name);
    const single = name.includes("search-item");
    const r = await replay([answer("POST", "/contacts/search", single ? onePage(text) : text)]);
    const { runId } = await runSync(r.services, "incremental", undefined, undefined, 2);
    expect(await runStatus(r, runId)).toEqual({ status: "succeeded", error: null });
    const answered = single ? [JSON.parse(text) as Json] : (parsed(name).data as Json[]);
    for (const c of answered) {
      const row = await storedContact(r, String(c.id));
      expect(
        {
          created: instant(row?.intercomCreatedAt),
          updated: instant(row?.intercomUpdatedAt),
          signedUp: instant(row?.signedUpAt),
          lastSeen: instant(row?.lastSeenAt),
        },
        `contact ${c.id}`,
      ).toEqual({
        created: seconds(c.created_at),
        updated: seconds(c.updated_at),
        signedUp: seconds(c.signed_up_at),
        lastSeen: seconds(c.last_seen_at),
      });
    }
  });

  it("the Stripe app's flat attributes give MRR 376.55, ARR 4518.62, last payment 4518.62", async () => {
    const text = restCapture("contacts.search-item--gv-sales-integrator.json");
    const r = await replay([answer("POST", "/contacts/search", onePage(text))]);
    await runSync(r.services, "incremental", undefined, undefined, 2);
    const [customer] = await customerRows(r.services);
    const attributes = (JSON.parse(text) as { custom_attributes: Json }).custom_attributes;
    expect({
      email: customer?.email,
      mrr: customer?.mrr,
      arr: customer?.arr,
      lastPayment: customer?.lastPaymentAmount,
      lastPaymentAt: instant(customer?.lastPaymentAt),
      status: customer?.subscriptionStatus,
      plan: customer?.planName,
    }).toEqual({
      email: "jane.doe@example.com",
      mrr: 376.55,
      arr: 4518.62,
      lastPayment: 4518.62,
      lastPaymentAt: seconds(attributes.stripe_last_charge_at),
      status: "active",
      plan: "PRO - Yearly",
    });
  });

  const gets = captureNames(/^conversations\.get--/);
  it.for(gets)("%s: one conversation synced as answered, not truncated", async (name) => {
    const body = parsed(name);
    const id = String(body.id);
    const r = await replay([answer("GET", `/conversations/${id}`, restCapture(name))]);
    const synced = await syncOneConversation(
      id,
      conversationDepsFor(r.services, client(r)),
      r.workspaceId,
    );
    const returned = (body.conversation_parts as { conversation_parts: unknown[] })
      .conversation_parts.length;
    expect({ parts: synced.parts, truncated: synced.partsTruncated }).toEqual({
      parts: returned,
      truncated: false,
    });
    await expectFetchedConversation(r, body);
  });

  it("a conversation sync over the 2026 search answer and its conversations' answers", async () => {
    const search = parsed("conversations.search--nango-2026-b.json");
    const ids = (search.conversations as Json[]).map((c) => String(c.id));
    const r = await replay([
      answer(
        "POST",
        "/conversations/search",
        restCapture("conversations.search--nango-2026-b.json"),
      ),
      ...ids.map((id) =>
        answer(
          "GET",
          `/conversations/${id}`,
          restCapture(`conversations.get--nango-2026-${id}.json`),
        ),
      ),
      answer("GET", "/admins", restCapture("admins--nango-2026.json")),
      answer("GET", "/tags", restCapture("tags--nango-2026.json")),
      // No capture of these two: our own answers of the same shape.
      answer("GET", "/teams", ownRest("teams.json")),
      answer("GET", "/conversations/deleted", ownRest("conversations.deleted.json")),
    ]);
    const { runId } = await runConversationSync(r.services, "incremental");
    expect(await runStatus(r, runId)).toEqual({ status: "succeeded", error: null });
    for (const id of ids)
      await expectFetchedConversation(r, parsed(`conversations.get--nango-2026-${id}.json`));
  });
});
