import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PEOPLE_SHOWN } from "../../../src/accounts/read.ts";
import type { Env } from "../../../src/config/env.ts";
import { customers } from "../../../src/db/schema/customers.ts";
import { createServices } from "../../../src/services.ts";
import { changeMrr } from "../../support/account-fixtures.ts";
import { seedAccounts, workspaceApi } from "../../support/accounts.ts";
import { expectStatus } from "../../support/status.ts";
import { uniqueAppId } from "../../support/webhooks.ts";

interface Detail {
  intercom_id: string;
  company_id: string | null;
  name: string | null;
  mrr: number;
  previous_mrr: number | null;
  arr: number;
  people_count: number;
  customers_count: number;
  delinquent_people: number;
  health: number;
  at_risk: boolean;
  people: Array<{
    contact_id: string;
    name: string | null;
    email: string | null;
    role: string | null;
    mrr: number | null;
  }>;
  people_truncated: boolean;
  alerts: Array<{ kind: string; account_id: string | null; email: string | null }>;
}

const workspace = uniqueAppId();
const api = workspaceApi(workspace);
const services = createServices(env as unknown as Env);
const db = services.db();
afterAll(() => services.close());

async function detail(id: string): Promise<Detail> {
  const res = await api.get(`/v1/accounts/${encodeURIComponent(id)}`);
  await expectStatus(res, 200);
  return (await res.json()) as Detail;
}

describe("GET /v1/accounts/{company_id}", () => {
  let initech: Awaited<ReturnType<typeof seedAccounts>>[number] | undefined;
  beforeAll(async () => {
    [initech] = await seedAccounts(db, workspace, [
      {
        name: "Initech",
        companyId: "initech",
        plan: "scale",
        people: [
          { name: "Bill", mrr: 200, delinquent: true },
          { name: "Peter", mrr: 700 },
          { name: "Lead Without Record", role: "lead" },
          { name: "Gone Away", mrr: 5000, detached: true },
          { name: "Erased", mrr: 5000, deleted: true },
          { name: "Merged", mrr: 5000, mergedInto: "ctc_elsewhere" },
        ],
      },
    ]);
  });

  it("shows the account's figures and its live, attached people, most MRR first", async () => {
    const a = await detail("initech");
    expect(a).toMatchObject({
      intercom_id: initech?.id,
      company_id: "initech",
      name: "Initech",
      mrr: 900,
      arr: 900 * 12,
      people_count: 3,
      customers_count: 2,
      delinquent_people: 1,
      health: 65,
      at_risk: false,
      people_truncated: false,
    });
    expect(a.people.map((p) => [p.name, p.role, p.mrr])).toEqual([
      ["Peter", "user", 700],
      ["Bill", "user", 200],
      ["Lead Without Record", "lead", null],
    ]);
    const emails = initech?.people.map((p) => p.email) ?? [];
    expect(a.people.map((p) => p.email)).toEqual([emails[1], emails[0], emails[2]]);
    expect(a.people[0]?.contact_id).toBe(initech?.people[1]?.contactId);
  });

  it("shows its latest alerts: an MRR drop derived again raises one on the account", async () => {
    const peter = initech?.people[1]?.email ?? "";
    await changeMrr(db, workspace, { id: initech?.id ?? "" }, peter, 100);
    const a = await detail("initech");
    expect([a.mrr, a.previous_mrr]).toEqual([300, 900]);
    expect(a.alerts.map((x) => [x.kind, x.account_id, x.email])).toEqual([
      ["mrr_change", initech?.id, null],
    ]);
  });

  it("falls back to Intercom's id when no account has that company id", async () => {
    const [nameless, shadow] = await seedAccounts(db, workspace, [
      { name: "No Company Id", companyId: null },
      { name: "Shadow", companyId: "shadowed" },
    ]);
    const a = await detail(nameless?.id ?? "");
    expect([a.name, a.company_id]).toEqual(["No Company Id", null]);
    expect((await detail(shadow?.id ?? "")).name).toBe("Shadow");
    // A company whose company id is another's Intercom id: the company id wins.
    const [usurper] = await seedAccounts(db, workspace, [
      { name: "Usurper", companyId: shadow?.id ?? "" },
    ]);
    expect((await detail(shadow?.id ?? "")).intercom_id).toBe(usurper?.id);
    expect((await detail("shadowed")).intercom_id).toBe(shadow?.id);
  });

  it("reads a company id with slashes, spaces and unicode from the encoded path", async () => {
    await seedAccounts(db, workspace, [{ name: "Odd Id", companyId: "eu/ünïcode 42?x=1#y" }]);
    expect((await detail("eu/ünïcode 42?x=1#y")).name).toBe("Odd Id");
  });

  it(`lists at most ${PEOPLE_SHOWN} people, and says when there are more`, async () => {
    const people = Array.from({ length: PEOPLE_SHOWN + 1 }, (_, i) => ({ mrr: i + 1 }));
    const [big] = await seedAccounts(db, workspace, [{ name: "Big Co", people }]);
    const a = await detail(big?.companyId ?? "");
    expect(a.people_count).toBe(PEOPLE_SHOWN + 1);
    expect(a.people).toHaveLength(PEOPLE_SHOWN);
    expect(a.people_truncated).toBe(true);
    expect(a.people[0]?.mrr).toBe(PEOPLE_SHOWN + 1);
    expect(a.people.at(-1)?.mrr).toBe(2);
  });

  it("answers 404 problem+json for an unknown id (company ids match exactly)", async () => {
    for (const id of ["no-such-company", "initech-but-not", "INITECH"]) {
      const res = await api.get(`/v1/accounts/${id}`);
      await expectStatus(res, 404);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(await res.text()).not.toContain(id);
    }
  });

  it("refuses an id over 255 characters with a 400 naming it", async () => {
    const res = await api.get(`/v1/accounts/${"x".repeat(256)}`);
    await expectStatus(res, 400);
    const problem = (await res.json()) as { errors: Array<{ field: string }> };
    expect(problem.errors.map((e) => e.field)).toEqual(["company_id"]);
  });
});

describe("a customer's record lists its accounts", () => {
  it("through its contacts' attached memberships, by name", async () => {
    const email = `shared-${crypto.randomUUID().slice(0, 8)}@accounts.example`;
    const made = await seedAccounts(db, workspace, [
      { name: "Zeta Corp", companyId: "zeta", people: [{ email, mrr: 300 }] },
      // The same person by another contact (another case of the email), no customer row of its own.
      { name: "Alpha Corp", companyId: null, people: [{ email: email.toUpperCase() }] },
      { name: "Left Corp", people: [{ email, detached: true }] },
      { name: "Erased Corp", people: [{ email, deleted: true }] },
      { name: "Stranger Corp", people: [{ mrr: 10 }] },
    ]);
    const res = await api.post("/v1/customers/lookup", { email: email.toUpperCase() });
    await expectStatus(res, 200);
    const customer = (await res.json()) as { email: string; accounts: unknown[] };
    expect(customer.email).toBe(email);
    expect(customer.accounts).toEqual([
      { intercom_id: made[1]?.id, company_id: null, name: "Alpha Corp" },
      { intercom_id: made[0]?.id, company_id: "zeta", name: "Zeta Corp" },
    ]);
    // Each of them leads back to the account.
    expect((await detail("zeta")).people.map((p) => p.email)).toEqual([email]);
  });

  it("is empty for a customer in no company", async () => {
    const email = `alone-${crypto.randomUUID().slice(0, 8)}@accounts.example`;
    await db.insert(customers).values({ workspaceId: workspace, email, mrr: 10 });
    const res = await api.post("/v1/customers/lookup", { email });
    await expectStatus(res, 200);
    expect(((await res.json()) as { accounts: unknown[] }).accounts).toEqual([]);
  });
});
