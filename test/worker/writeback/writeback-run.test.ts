import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runToEnd } from "../../support/companies.ts";
import {
  runWriteback,
  sandboxCalls,
  sandboxContact,
  setKnobs,
  type WritebackWorkspace,
  writebackWorkspace,
} from "../../support/writeback.ts";

const PUT_CONTACT = "PUT /contacts/{id}";
const PUT_COMPANY = "PUT /companies/{id}";

/** Calls of each route made while `act` ran. */
async function callsDuring(act: () => Promise<unknown>) {
  const before = await sandboxCalls();
  await act();
  const after = await sandboxCalls();
  const diff: Record<string, number> = {};
  for (const [route, n] of Object.entries(after)) {
    const d = n - (before[route] ?? 0);
    if (d > 0) diff[route] = d;
  }
  return diff;
}

/** A customer with revenue and the contact that carries it. */
async function customerWithRevenue(ws: WritebackWorkspace) {
  const result = await ws.services
    .db()
    .execute<{ contact_id: string; mrr: number; ltv: number }>(sql`
    select c.id as contact_id, cu.mrr, cu.ltv from contacts c
    join customers cu on cu.workspace_id = c.workspace_id and cu.email = lower(c.email)
    where c.workspace_id = ${ws.workspaceId} and cu.mrr > 0 and cu.ltv > 0
      and c.deleted_at is null and not c.archived
    order by c.id limit 1`);
  const row = result.rows[0];
  if (!row) throw new Error("the sandbox seeds no customer with revenue");
  return row;
}

describe("a write-back run", () => {
  it("previews, writes exactly what it previewed, then has nothing left to write", async () => {
    const ws = writebackWorkspace();
    await runToEnd(ws, "contacts", "full");
    await runToEnd(ws, "companies", "full");

    let dry: Awaited<ReturnType<typeof runWriteback>>["view"] | undefined;
    const dryCalls = await callsDuring(async () => {
      dry = (await runWriteback(ws, true)).view;
    });
    expect(dry).toMatchObject({ status: "succeeded", dry_run: true, error: null });
    expect(dry?.contacts_planned).toBeGreaterThan(0);
    expect(dry?.companies_planned).toBeGreaterThan(0);
    expect(dry?.sample.length).toBeGreaterThan(0);
    expect(dry?.sample[0]?.new).not.toEqual(dry?.sample[0]?.old);
    // A dry run only reads the attribute list: nothing is created or written.
    expect(dryCalls).toEqual({ "GET /data_attributes": 1 });

    let real: Awaited<ReturnType<typeof runWriteback>>["view"] | undefined;
    const realCalls = await callsDuring(async () => {
      real = (await runWriteback(ws, false)).view;
    });
    expect(real).toMatchObject({
      status: "succeeded",
      dry_run: false,
      contacts_planned: dry?.contacts_planned,
      contacts_written: dry?.contacts_planned,
      companies_planned: dry?.companies_planned,
      companies_written: dry?.companies_planned,
      failures: { count: 0 },
    });
    // One call per contact and company written, beside the attribute checks.
    expect(realCalls[PUT_CONTACT]).toBe(real?.contacts_written);
    expect(realCalls[PUT_COMPANY]).toBe(real?.companies_written);
    expect(realCalls["GET /data_attributes"]).toBe(1);
    expect(realCalls["POST /data_attributes"] ?? 0).toBe(real?.attributes?.created.length);

    // Leads and users alike.
    const roles = await ws.services.db().execute<{ role: string; n: number }>(sql`
      select c.role, count(*)::int as n from writeback_targets t
      join contacts c on c.workspace_id = t.workspace_id and c.id = t.intercom_id
      where t.workspace_id = ${ws.workspaceId} and t.model = 'contact' and t.written <> '{}'
      group by c.role order by c.role`);
    expect(roles.rows.map((r) => r.role)).toEqual(["lead", "user"]);
    const customer = await customerWithRevenue(ws);
    const inIntercom = await sandboxContact(customer.contact_id);
    expect(inIntercom.custom_attributes.bridge_mrr).toBe(Math.round(customer.mrr * 100) / 100);
    expect(inIntercom.custom_attributes.bridge_ltv).toBe(Math.round(customer.ltv * 100) / 100);

    const again = await callsDuring(async () => {
      expect((await runWriteback(ws, false)).view).toMatchObject({
        status: "succeeded",
        contacts_planned: 0,
        companies_planned: 0,
      });
    });
    expect(again[PUT_CONTACT] ?? 0).toBe(0);

    // Each write moved the contact's updated_at in Intercom: the incremental sync reads them all
    // again, and what it derives is what was written, so no write follows.
    const incremental = await runToEnd(ws, "contacts", "incremental");
    expect(incremental.run.contactsSynced).toBeGreaterThanOrEqual(real?.contacts_written ?? 1);
    const afterSync = await runWriteback(ws, false);
    expect(afterSync.view).toMatchObject({ contacts_planned: 0, companies_planned: 0 });
  });

  it("sends only the attribute that changed, for the contacts whose figures changed", async () => {
    const ws = writebackWorkspace();
    await runToEnd(ws, "contacts", "full");
    await runWriteback(ws, false);
    const customer = await customerWithRevenue(ws);
    await ws.services.db().execute(sql`
      update customers set mrr = mrr + 10 where workspace_id = ${ws.workspaceId}
        and email = (select lower(email) from contacts
          where workspace_id = ${ws.workspaceId} and id = ${customer.contact_id})`);
    const { view } = await runWriteback(ws, false);
    expect(view).toMatchObject({ status: "succeeded", contacts_written: 1 });
    const rows = await ws.services.db().execute<{ payload: { attributes: object } }>(sql`
      select o.payload from writeback_writes w join outbox_messages o on o.id = w.outbox_id
      where w.run_id = ${view.run_id}::uuid`);
    expect(rows.rows.map((r) => r.payload.attributes)).toEqual([
      { bridge_mrr: Math.round((customer.mrr + 10) * 100) / 100 },
    ]);
    const inIntercom = await sandboxContact(customer.contact_id);
    expect(inIntercom.custom_attributes.bridge_mrr).toBe(
      Math.round((customer.mrr + 10) * 100) / 100,
    );
  });

  it("retries a write Intercom refused in the next run", async () => {
    const ws = writebackWorkspace({ WRITEBACK_ACCOUNT_ATTRIBUTES: "none" });
    await runToEnd(ws, "contacts", "full");
    await setKnobs({ planRestricted: [PUT_CONTACT] });
    let first: Awaited<ReturnType<typeof runWriteback>>["view"];
    try {
      first = (await runWriteback(ws, false)).view;
    } finally {
      await setKnobs({ planRestricted: [] });
    }
    expect(first.status).toBe("failed");
    expect(first.contacts_written).toBe(0);
    expect(first.failures.count).toBe(first.contacts_planned);
    expect(first.failures.items[0]?.error).toMatch(/api_plan_restricted|Active subscription/);
    const second = (await runWriteback(ws, false)).view;
    expect(second).toMatchObject({
      status: "succeeded",
      contacts_planned: first.contacts_planned,
      contacts_written: first.contacts_planned,
    });
  });
});
