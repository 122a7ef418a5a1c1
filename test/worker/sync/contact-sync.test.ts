import { and, eq, isNotNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts } from "../../../src/db/schema/contacts.ts";
import { alerts, customers } from "../../../src/db/schema/customers.ts";
import { syncRuns } from "../../../src/db/schema/sync.ts";
import type { IntercomClient } from "../../../src/intercom/client.ts";
import type { Services } from "../../../src/services.ts";
import { startSync } from "../../../src/sync/start.ts";
import { expectStatus } from "../../support/status.ts";
import {
  customerRows,
  runSync,
  sandbox,
  servicesPerTest,
  syncServices,
} from "../../support/sync.ts";

const workspace = servicesPerTest(syncServices);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

async function allSandboxContacts() {
  const out: Array<{ id: string; email: string | null; updated_at: number }> = [];
  let cursor: string | undefined;
  do {
    const page = await sandbox(
      `/contacts?per_page=150${cursor ? `&starting_after=${cursor}` : ""}`,
    );
    out.push(...(page.body.data as typeof out));
    cursor = (page.body.pages as { next?: { starting_after?: string } }).next?.starting_after;
  } while (cursor);
  return out;
}

async function runRow(s: Services, id: string) {
  const [row] = await s.db().select().from(syncRuns).where(eq(syncRuns.id, id));
  return row;
}

async function createContact(body: Record<string, unknown>) {
  const res = await sandbox("/contacts", { method: "POST", body: JSON.stringify(body) });
  await expectStatus(res, 200);
  return String(res.body.id);
}

const subscription = (amount: number, interval: string, status = "active") => ({
  id: `sub_${amount}`,
  status,
  quantity: 1,
  plan: { amount, interval, interval_count: 1, nickname: "Plan" },
});

describe("contact sync from the sandbox into Postgres", () => {
  it("stores every contact, one customer per valid email, and counts what it skipped", async () => {
    const s = workspace();
    const { runId } = await runSync(s, "full");
    const expected = await allSandboxContacts();
    const run = await runRow(s, runId);
    expect(run).toMatchObject({ status: "succeeded", contactsSynced: expected.length });
    const stored = await s
      .db()
      .select({ id: contacts.id })
      .from(contacts)
      .where(eq(contacts.workspaceId, s.config.INTERCOM_WORKSPACE_ID));
    expect(new Set(stored.map((c) => c.id))).toEqual(new Set(expected.map((c) => c.id)));
    const noEmail = expected.filter((c) => !c.email).length;
    const badEmail = expected.filter((c) => c.email && !EMAIL.test(c.email)).length;
    expect(run?.skippedNoEmail).toBe(noEmail);
    expect(run?.skippedBadEmail).toBe(badEmail);
    const emails = new Set(
      expected.filter((c) => c.email && EMAIL.test(c.email)).map((c) => c.email?.toLowerCase()),
    );
    expect((await customerRows(s)).length).toBe(emails.size);
  });

  it("computes MRR, ARR and LTV for a new contact with Stripe data, and leaves revenue null without it", async () => {
    const s = workspace();
    await runSync(s, "full");
    const tag = crypto.randomUUID().slice(0, 8);
    await createContact({
      external_id: `paying_${tag}`,
      email: `paying_${tag}@example.com`,
      custom_attributes: {
        stripe_id: `cus_${tag}`,
        "Stripe Subscriptions": [
          subscription(5000, "month"),
          subscription(120000, "year"),
          subscription(9900, "month", "canceled"),
        ],
        "Stripe Payments": [
          { amount: 5000, status: "succeeded" },
          { amount: 120000, status: "succeeded" },
          { amount: 700, status: "failed" },
        ],
      },
    });
    await createContact({ external_id: `free_${tag}`, email: `free_${tag}@example.com` });
    await runSync(s, "incremental");
    const rows = await customerRows(s);
    expect(rows.find((r) => r.email === `paying_${tag}@example.com`)).toMatchObject({
      stripeCustomerId: `cus_${tag}`,
      mrr: 150,
      arr: 1800,
      ltv: 1250,
      activeSubscriptions: 2,
    });
    expect(rows.find((r) => r.email === `free_${tag}@example.com`)).toMatchObject({
      mrr: null,
      arr: null,
      ltv: null,
    });
  });

  it("updates a customer without touching columns other sources own", async () => {
    const s = workspace();
    const tag = crypto.randomUUID().slice(0, 8);
    const id = await createContact({
      external_id: `owned_${tag}`,
      email: `owned_${tag}@example.com`,
      name: "Before",
    });
    await runSync(s, "full");
    const ws = s.config.INTERCOM_WORKSPACE_ID;
    await s
      .db()
      .update(customers)
      .set({ accountOwner: "sam", segment: "enterprise", extra: { crm: 1 } })
      .where(and(eq(customers.workspaceId, ws), eq(customers.email, `owned_${tag}@example.com`)));
    await sandbox(`/contacts/${id}`, { method: "PUT", body: JSON.stringify({ name: "After" }) });
    await runSync(s, "incremental");
    const row = (await customerRows(s)).find((r) => r.email === `owned_${tag}@example.com`);
    expect(row).toMatchObject({
      name: "After",
      accountOwner: "sam",
      segment: "enterprise",
      extra: { crm: 1 },
    });
  });

  it("flags a delinquent customer with one alert, not one per run", async () => {
    const s = workspace();
    const tag = crypto.randomUUID().slice(0, 8);
    const id = await createContact({
      external_id: `late_${tag}`,
      email: `late_${tag}@example.com`,
      custom_attributes: { stripe_delinquent: false },
    });
    await runSync(s, "full");
    // The first import is a baseline: existing high-value or delinquent customers are not news.
    const baseline = await s
      .db()
      .select()
      .from(alerts)
      .where(eq(alerts.workspaceId, s.config.INTERCOM_WORKSPACE_ID));
    expect(baseline).toEqual([]);
    await sandbox(`/contacts/${id}`, {
      method: "PUT",
      body: JSON.stringify({ custom_attributes: { stripe_delinquent: true } }),
    });
    await runSync(s, "incremental");
    await runSync(s, "incremental");
    const rows = await s
      .db()
      .select()
      .from(alerts)
      .where(
        and(
          eq(alerts.workspaceId, s.config.INTERCOM_WORKSPACE_ID),
          eq(alerts.email, `late_${tag}@example.com`),
        ),
      );
    expect(rows.map((a) => a.kind)).toEqual(["delinquent"]);
    expect(
      (await customerRows(s)).find((r) => r.email === `late_${tag}@example.com`)?.delinquent,
    ).toBe(true);
  });

  it("resolves a shared email to the most recently updated contact", async () => {
    const s = workspace();
    const tag = crypto.randomUUID().slice(0, 8);
    const email = `shared_${tag}@example.com`;
    const lead = await createContact({
      role: "lead",
      email: email.toUpperCase(),
      name: "Lead copy",
    });
    const user = await createContact({ role: "lead", email, name: "Newer copy" });
    const now = Math.floor(Date.now() / 1000);
    await sandbox("/__sandbox/mutate", {
      method: "POST",
      body: JSON.stringify({ kind: "contact.update", id: lead, updated_at: now - 3600 }),
    });
    await sandbox("/__sandbox/mutate", {
      method: "POST",
      body: JSON.stringify({ kind: "contact.update", id: user, updated_at: now - 60 }),
    });
    await runSync(s, "full");
    expect((await customerRows(s)).find((r) => r.email === email)).toMatchObject({
      contactId: user,
      name: "Newer copy",
    });
  });

  it("catches contacts updated just before and just after midnight", async () => {
    const s = workspace();
    await runSync(s, "full");
    const midnight = Math.floor(Date.now() / 86_400_000) * 86_400;
    const before = await createContact({
      external_id: `m1_${crypto.randomUUID()}`,
      email: `before_${midnight}_${Math.random()}@example.com`.replace("0.", ""),
    });
    const after = await createContact({
      external_id: `m2_${crypto.randomUUID()}`,
      email: `after_${midnight}_${Math.random()}@example.com`.replace("0.", ""),
    });
    await sandbox("/__sandbox/mutate", {
      method: "POST",
      body: JSON.stringify({
        kind: "contact.update",
        id: before,
        updated_at: midnight - 30,
        attributes: { name: "Before midnight" },
      }),
    });
    await sandbox("/__sandbox/mutate", {
      method: "POST",
      body: JSON.stringify({
        kind: "contact.update",
        id: after,
        updated_at: midnight + 30,
        attributes: { name: "After midnight" },
      }),
    });
    await runSync(s, "incremental");
    const names = await s
      .db()
      .select({ id: contacts.id, name: contacts.name })
      .from(contacts)
      .where(eq(contacts.workspaceId, s.config.INTERCOM_WORKSPACE_ID));
    const byId = new Map(names.map((n) => [n.id, n.name]));
    expect(byId.get(before)).toBe("Before midnight");
    expect(byId.get(after)).toBe("After midnight");
  });

  it("catches a contact that becomes searchable late on the next run", async () => {
    const s = workspace();
    await runSync(s, "full");
    await sandbox("/__sandbox/knobs", {
      method: "PATCH",
      body: JSON.stringify({ searchDelaySeconds: 3600 }),
    });
    let id: string;
    try {
      id = await createContact({
        external_id: `slow_${crypto.randomUUID()}`,
        email: `slow_${crypto.randomUUID().slice(0, 8)}@example.com`,
      });
      await runSync(s, "incremental");
      const first = await s
        .db()
        .select()
        .from(contacts)
        .where(and(eq(contacts.workspaceId, s.config.INTERCOM_WORKSPACE_ID), eq(contacts.id, id)));
      expect(first).toHaveLength(0);
    } finally {
      // "Minutes later": the contact is now in the search index.
      await sandbox("/__sandbox/knobs", {
        method: "PATCH",
        body: JSON.stringify({ searchDelaySeconds: 0 }),
      });
    }
    await runSync(s, "incremental");
    const second = await s
      .db()
      .select()
      .from(contacts)
      .where(and(eq(contacts.workspaceId, s.config.INTERCOM_WORKSPACE_ID), eq(contacts.id, id)));
    expect(second).toHaveLength(1);
  });

  it("ends a run killed after a random page and resumed in the same state as an uninterrupted one", async () => {
    const clean = workspace();
    const crashed = workspace();
    // A first incremental run reads the whole workspace in one chain: several pages per step,
    // so the crash lands after some of the step's pages were written.
    await runSync(clean, "incremental");
    const client = crashed.intercom() as IntercomClient;
    let calls = 0;
    const crashAt = 2 + Math.floor(Math.random() * 2);
    const crashing: IntercomClient = {
      ...client,
      searchContactsPage: async (...args) => {
        calls += 1;
        const page = await client.searchContactsPage(...args);
        // The page was fetched, and the process dies before writing it.
        if (calls === crashAt) throw new Error("killed");
        return page;
      },
    };
    const { crashes } = await runSync(crashed, "incremental", crashing);
    expect(crashes).toBe(1);
    // The record's own id is drawn per workspace: the same customer has another in each.
    const strip = (rows: Array<Record<string, unknown>>) =>
      rows.map(({ id, workspaceId, syncedAt, supportRefreshedAt, ...rest }) => rest);
    expect(strip(await customerRows(crashed))).toEqual(strip(await customerRows(clean)));
  });

  it("starts one run when two are started together", async () => {
    const s = workspace();
    const start = () =>
      startSync("contacts", "incremental", "test", {
        client: null,
        db: s.db(),
        queue: { send: async () => {}, sendBatch: async () => {} } as unknown as Queue<never>,
        workspaceId: s.config.INTERCOM_WORKSPACE_ID,
        now: new Date(),
      });
    const results = await Promise.allSettled([start(), start()]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const running = await s
      .db()
      .select()
      .from(syncRuns)
      .where(
        and(
          eq(syncRuns.workspaceId, s.config.INTERCOM_WORKSPACE_ID),
          eq(syncRuns.status, "running"),
        ),
      );
    expect(running).toHaveLength(1);
  });

  it("tombstones, on a full run, a contact deleted in Intercom while no webhook said so", async () => {
    const s = workspace();
    const id = await createContact({
      external_id: `gone_${crypto.randomUUID()}`,
      email: `gone_${crypto.randomUUID().slice(0, 8)}@example.com`,
    });
    await runSync(s, "full");
    await sandbox(`/contacts/${id}`, { method: "DELETE" });
    const { runId } = await runSync(s, "full");
    const [row] = await s
      .db()
      .select()
      .from(contacts)
      .where(
        and(
          eq(contacts.workspaceId, s.config.INTERCOM_WORKSPACE_ID),
          eq(contacts.id, id),
          isNotNull(contacts.deletedAt),
        ),
      );
    expect(row?.email).toBeNull();
    expect((await runRow(s, runId))?.tombstoned).toBe(1);
  });
});
