import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revenue } from "../../../scripts/perf/soak/expected.ts";
import { partsOf } from "../../../scripts/sandbox/parts.ts";
import { type Sandbox, startSandbox } from "../../../scripts/sandbox/server.ts";

/**
 * The sandbox's REST answers and seeded data have real Intercom's shapes (../shared/reference/
 * intercom-real-shapes.md and the captured answers beside it), where they differ from the 2.16
 * description: conversation counts, priorities, null assignees and sources, system parts, and
 * the Stripe app's flat attributes.
 */
const TOKEN = "local-intercom-token";
const DAY = 86_400;
const EPOCH = 1_790_000_000 - (1_790_000_000 % DAY);
type Json = Record<string, unknown>;
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({
    seed: 17,
    sizes: { contacts: 600, leads: 60, conversations: 300 },
    epoch: EPOCH,
  });
});
afterAll(() => sandbox.stop());

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, "intercom-version": "2.16" },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return (await res.json()) as Json;
}

async function searchAll(): Promise<Json[]> {
  const out: Json[] = [];
  let cursor: string | null = null;
  do {
    const page = await call("POST", "/conversations/search", {
      query: { field: "updated_at", operator: ">", value: 0 },
      pagination: { per_page: 150, starting_after: cursor },
    });
    out.push(...(page.conversations as Json[]));
    cursor = (page.pages as { next?: { starting_after: string } }).next?.starting_after ?? null;
  } while (cursor);
  return out;
}

const kinds = (values: unknown[]) =>
  [...new Set(values.map((v) => (v === null ? "null" : typeof v)))].sort();

describe("conversations as Intercom's REST API answers them", () => {
  it("priority, assignees, source and the part count as captured answers have them", async () => {
    const conversations = await searchAll();
    expect(conversations).toHaveLength(300);
    expect(new Set(conversations.map((c) => c.priority))).toEqual(
      new Set(["priority", "not_priority"]),
    );
    // Integers when assigned, null (never 0) when not.
    expect(kinds(conversations.map((c) => c.admin_assignee_id))).toEqual(["null", "number"]);
    expect(kinds(conversations.map((c) => c.team_assignee_id))).toEqual(["null", "number"]);
    expect(conversations.some((c) => c.admin_assignee_id === 0)).toBe(false);
    const sourceless = conversations.filter((c) => c.source === null);
    expect(sourceless.length).toBeGreaterThan(0);
    expect(sourceless.length).toBeLessThan(conversations.length / 5);
    const ws = sandbox.workspace();
    for (const c of conversations) {
      const record = ws.conversations.get(String(c.id));
      if (!record) throw new Error(`no record of ${String(c.id)}`);
      // Counts the opening message too.
      expect((c.statistics as Json).count_conversation_parts).toBe(partsOf(record).length + 1);
      expect(typeof c.updated_at).toBe("number");
      // Captured answers list them under `admins`, where 2.16's description says `teammates`.
      expect(c.teammates).toEqual({ type: "admin.list", admins: expect.any(Array) });
    }
  });

  it("parts: mostly system events with no body, some written by Fin", async () => {
    const parts: Json[] = [];
    for (const id of sandbox.workspace().conversationOrder.slice(0, 40)) {
      const c = await call("GET", `/conversations/${id}?display_as=plaintext`);
      const list = c.conversation_parts as { conversation_parts: Json[]; total_count: number };
      expect(list.total_count).toBe(list.conversation_parts.length);
      const count = (c.statistics as Json).count_conversation_parts as number;
      if (list.total_count < 500) expect(count).toBe(list.total_count + 1);
      else expect(count).toBeGreaterThan(501);
      parts.push(...list.conversation_parts);
    }
    const system = parts.filter((p) => p.body === null);
    expect(system.length / parts.length).toBeGreaterThan(0.45);
    const types = new Set(system.map((p) => p.part_type));
    for (const t of ["close", "open", "snoozed", "assignment", "language_detection_details"])
      expect(types).toContain(t);
    expect(types).not.toContain("comment");
    const authors = parts.map((p) => p.author as Json);
    const bots = authors.filter((a) => a.type === "bot");
    expect(bots.length).toBeGreaterThan(0);
    expect(bots.every((a) => a.from_ai_agent === true)).toBe(true);
    expect(authors.filter((a) => a.type !== "bot").every((a) => a.from_ai_agent === false)).toBe(
      true,
    );
    const finWrote = parts.filter((p) => (p.author as Json).type === "bot" && p.body !== null);
    expect(finWrote.length).toBeGreaterThan(0);
  });

  it("GET /conversations answers per_page as a string, search as a number", async () => {
    const listed = await call("GET", "/conversations?per_page=20");
    expect((listed.pages as Json).per_page).toBe("20");
    const searched = await call("POST", "/conversations/search", {
      query: { field: "updated_at", operator: ">", value: 0 },
      pagination: { per_page: 20 },
    });
    expect((searched.pages as Json).per_page).toBe(20);
  });
});

describe("Stripe data on seeded contacts", () => {
  it("is the Stripe app's flat attributes in dollars, the directive's arrays on a minority", () => {
    const contacts = [...sandbox.workspace().contacts.values()].map((c) => c.customAttributes);
    const stripe = contacts.filter((a) => "stripe_id" in a);
    expect(stripe.length).toBeGreaterThan(100);
    const share = (test: (a: Json) => boolean, of = stripe) => of.filter(test).length / of.length;
    const status = (s: string) => (a: Json) => a.stripe_subscription_status === s;
    expect(share(status("active"))).toBeGreaterThan(0.6);
    for (const s of ["trialing", "canceled", "past_due"])
      expect(share(status(s))).toBeGreaterThan(0);
    expect(share((a) => a.stripe_plan_price === null)).toBeGreaterThan(0.1);
    expect(share((a) => a.stripe_plan_interval === "month")).toBeGreaterThan(0.5);
    expect(share((a) => a.stripe_plan_interval === "year")).toBeGreaterThan(0.1);
    // Dollars with cents, not integer cents.
    const amounts = stripe.map((a) => a.stripe_last_charge_amount).filter((v) => v !== null);
    expect(amounts.some((v) => !Number.isInteger(v))).toBe(true);
    expect(amounts.every((v) => typeof v === "number" && v < 25_000)).toBe(true);
    expect(stripe.filter(status("trialing")).every((a) => a.stripe_last_charge_at === null)).toBe(
      true,
    );
    // Active without a price: the last charge is within the period on most, before it on a few.
    const unpriced = stripe.filter((a) => status("active")(a) && a.stripe_plan_price === null);
    const within = share(
      (a) => Number(a.stripe_last_charge_at) >= Number(a.stripe_subscription_period_start_at),
      unpriced,
    );
    expect(within).toBeGreaterThan(0.6);
    expect(within).toBeLessThan(1);
    const withArrays = contacts.filter((a) => "Stripe Subscriptions" in a);
    expect(withArrays.length / contacts.length).toBeGreaterThan(0.05);
    expect(withArrays.length / contacts.length).toBeLessThan(0.15);
    for (const a of withArrays) {
      const [sub] = a["Stripe Subscriptions"] as Array<{ plan: { amount: number } }>;
      expect(Number.isInteger(sub?.plan.amount)).toBe(true);
      expect("Stripe Payments" in a).toBe(true);
    }
  });

  it("billing changes rewrite the flat attributes, and the arrays only where they were", async () => {
    const ws = sandbox.workspace();
    const before = new Map(
      [...ws.contacts.values()].map((c) => [c.id, "Stripe Subscriptions" in c.customAttributes]),
    );
    const res = await fetch(`${sandbox.url}/__sandbox/mutate`, {
      method: "POST",
      body: JSON.stringify({ kind: "contacts.billing", count: 40 }),
    });
    const { changed } = (await res.json()) as { changed: string[] };
    expect(changed.length).toBeGreaterThan(20);
    for (const id of changed) {
      const a = ws.contacts.get(id)?.customAttributes ?? {};
      expect(a).toHaveProperty("stripe_subscription_status");
      expect(a).toHaveProperty("stripe_plan_interval");
      expect({ id, arrays: "Stripe Subscriptions" in a }).toEqual({ id, arrays: before.get(id) });
    }
  });
});

describe("the soak's revenue rule, written again from docs/sync.md's Revenue section", () => {
  const flat = {
    stripe_plan_price: null,
    stripe_plan_interval: "year",
    stripe_plan_interval_count: 1,
    stripe_subscription_status: "active",
    stripe_subscription_period_start_at: 1_743_120_000,
    stripe_last_charge_amount: 4518.62,
    stripe_last_charge_at: 1_743_200_710,
  };

  it("takes a yearly unpriced plan from its charge in the period (the worked example)", () => {
    expect(revenue(flat)).toEqual({ mrr: 376.55, arr: 4518.62, ltv: null });
    const early = { ...flat, stripe_last_charge_at: flat.stripe_subscription_period_start_at - 1 };
    expect(revenue(early)).toEqual({ mrr: null, arr: null, ltv: null });
  });

  it("bills price x quantity per month for active and past_due, nothing for the rest", () => {
    const priced = { ...flat, stripe_plan_price: 29, stripe_plan_interval: "month" };
    expect(revenue({ ...priced, stripe_plan_quantity: 3 })).toMatchObject({ mrr: 87, arr: 1044 });
    expect(revenue({ ...priced, stripe_subscription_status: " Past_Due " }).mrr).toBe(29);
    const quarterly = { ...priced, stripe_plan_price: 449.97, stripe_plan_interval_count: 3 };
    expect(revenue(quarterly)).toMatchObject({ mrr: 149.99, arr: 1799.88 });
    const weekly = { ...priced, stripe_plan_price: 10, stripe_plan_interval: "week" };
    expect(revenue(weekly)).toMatchObject({ mrr: 43.33, arr: 520 });
    for (const s of ["trialing", "canceled", "unpaid", "incomplete_expired", "paused"])
      expect(revenue({ ...priced, stripe_subscription_status: s }).mrr).toBe(0);
    expect(revenue({ ...priced, stripe_subscription_status: "mystery" }).mrr).toBeNull();
    expect(revenue({ ...priced, stripe_plan_interval: "fortnight" }).mrr).toBeNull();
    expect(revenue({ plan: "free" })).toEqual({ mrr: null, arr: null, ltv: null });
  });

  it("prefers the directive's arrays when present; ARR from the unrounded month", () => {
    const arrays = {
      ...flat,
      "Stripe Subscriptions": [
        { status: "active", quantity: 1, plan: { amount: 1000, interval: "year" } },
        { status: "canceled", quantity: 1, plan: { amount: 9900, interval: "month" } },
      ],
      "Stripe Payments": [
        { amount: 1000, status: "succeeded" },
        { amount: 500, status: "failed" },
      ],
    };
    expect(revenue(arrays)).toEqual({ mrr: 0.83, arr: 10, ltv: 10 });
  });
});
