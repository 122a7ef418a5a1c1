import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContactRecord } from "../../../scripts/sandbox/model.ts";
import { type Notification, type Sandbox, startSandbox } from "../../../scripts/sandbox/server.ts";
import { validateSchema } from "../../support/openapi.ts";
import { type Json, sandboxCalls } from "../../support/sandbox-http.ts";

/**
 * Companies as Intercom holds and answers them: the 2.16 REST shapes, the lists that leave out
 * companies with nobody, a contact's ten, and what seeding gives.
 */
const DAY = 86_400;
const EPOCH = 1_790_000_000 - (1_790_000_000 % DAY);
let sandbox: Sandbox;
let captured: Notification[] = [];
const { call, checked, mutate } = sandboxCalls(() => sandbox.url);

beforeAll(async () => {
  sandbox = await startSandbox({
    seed: 41,
    sizes: { contacts: 400, leads: 40, conversations: 10, companies: 60 },
    epoch: EPOCH,
    captureWebhooks: (n) => captured.push(n),
  });
});
afterAll(() => sandbox.stop());

const ws = () => sandbox.workspace();
const contactsIn = (min: number) =>
  [...ws().contacts.values()].filter((c) => !c.mergedInto && c.companyIds.length > min);

describe("companies as seeded", () => {
  it("hold people in more than 10 companies, companies with nobody, integer spend, no plan", () => {
    const contacts = [...ws().contacts.values()];
    const many = contactsIn(10);
    expect(many.length / contacts.length).toBeGreaterThan(0.01);
    expect(many.length / contacts.length).toBeLessThan(0.06);
    const companies = [...ws().companies.values()];
    expect(companies).toHaveLength(60);
    const empty = companies.filter((co) => !ws().companyMembers.get(co.id)?.size);
    expect(empty.length).toBeGreaterThanOrEqual(60 / 7 - 1);
    for (const co of companies) {
      expect(Number.isInteger(co.monthlySpend)).toBe(true);
      expect(co.id).toMatch(/^[0-9a-f]{24}$/);
    }
    expect(new Set(companies.map((co) => co.companyId)).size).toBe(60);
    expect(companies.some((co) => co.plan === null)).toBe(true);
    expect(companies.some((co) => co.plan !== null && co.monthlySpend > 0)).toBe(true);
    expect(companies.some((co) => typeof co.customAttributes.seats === "number")).toBe(true);
    expect(companies.some((co) => typeof co.customAttributes.industry === "string")).toBe(true);
  });
});

describe("company REST answers", () => {
  it("validate against the 2.16 description, with real Intercom's differences", async () => {
    const list = await checked("POST", "/companies/list", { per_page: 5 });
    expect(list.body.data).toHaveLength(5);
    const first = (list.body.data as Json[])[0] ?? {};
    await checked("GET", `/companies/${String(first.id)}`);
    await checked("GET", "/companies?per_page=3");
    await checked("GET", `/companies/${String(first.id)}/contacts`);
    // By company_id: the company itself, as Intercom's reference answers it (not a list).
    const byCompanyId = await call("GET", `/companies?company_id=${String(first.company_id)}`);
    expect(byCompanyId.body.id).toBe(first.id);
    expect(validateSchema("company", byCompanyId.body)).toEqual([]);
    // Intercom refuses custom attributes the workspace has not created (data-attribute-rules.ts).
    await checked("POST", "/data_attributes", {
      name: "paid",
      model: "company",
      data_type: "boolean",
    });
    const created = await checked("POST", "/companies", {
      company_id: "spec-co-1",
      name: "Spec Co",
      plan: "Pro",
      monthly_spend: 155.98,
      remote_created_at: EPOCH - DAY,
      custom_attributes: { industry: "Software", seats: 12, paid: true },
    });
    // Floats are truncated, as Intercom documents.
    expect(created.body).toMatchObject({
      monthly_spend: 155,
      plan: { type: "plan", name: "Pro" },
      user_count: 0,
      custom_attributes: { seats: 12, paid: true },
    });
    const id = String(created.body.id);
    await checked("PUT", `/companies/${id}`, { monthly_spend: 200 });
    const contact = [...ws().contacts.values()].find((c) => !c.mergedInto) as ContactRecord;
    await checked("POST", `/contacts/${contact.id}/companies`, { id });
    await checked("GET", `/contacts/${contact.id}/companies`);
    await checked("DELETE", `/contacts/${contact.id}/companies/${id}`);
    const deleted = await checked("DELETE", `/companies/${id}`);
    expect(deleted.body).toEqual({ id, object: "company", deleted: true });
  });

  it("leave unset fields out and answer `plan: {}` without a plan", async () => {
    const bare = await call("POST", "/companies", { company_id: "bare-co" });
    expect(bare.body.plan).toEqual({});
    for (const key of ["name", "size", "website", "industry", "last_request_at"])
      expect(Object.keys(bare.body)).not.toContain(key);
    expect(validateSchema("company", bare.body)).toEqual([]);
  });

  it("answer Intercom's errors", async () => {
    const missing = await checked("GET", "/companies/000000000000000000000000");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ errors: [{ code: "company_not_found" }] });
    const bad = await checked("POST", "/companies", { company_id: "x", test: "invalid" });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      errors: [{ code: "bad_request", message: "bad 'test' parameter" }],
    });
    const contact = contactsIn(0)[0] as ContactRecord;
    const none = await checked("POST", `/contacts/${contact.id}/companies`, {});
    expect(none.body).toMatchObject({ errors: [{ code: "parameter_not_found" }] });
    const unknown = await checked("POST", `/contacts/${contact.id}/companies`, { id: "123" });
    expect(unknown.body).toMatchObject({ errors: [{ code: "company_not_found" }] });
    const nobody = await checked("GET", "/contacts/nope/companies");
    expect(nobody.body).toMatchObject({ errors: [{ code: "not_found" }] });
  });
});

describe("company lists", () => {
  it("leave out companies with nobody, most recent request first, 60 a page at most", async () => {
    const seen: Json[] = [];
    for (let page = 1; ; page++) {
      const res = await checked("POST", "/companies/list", { page, per_page: 100 });
      expect((res.body.pages as Json).per_page).toBe(60);
      seen.push(...(res.body.data as Json[]));
      if ((res.body.pages as Json).next === null) break;
    }
    const withPeople = [...ws().companies.values()].filter(
      (co) => ws().companyMembers.get(co.id)?.size,
    );
    expect(seen.map((co) => co.id).sort()).toEqual(withPeople.map((co) => co.id).sort());
    expect(seen.every((co) => Number(co.user_count) > 0)).toBe(true);
    const times = seen.map((co) => Number(co.last_request_at ?? -1));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const empty = [...ws().companies.values()].find((co) => !ws().companyMembers.get(co.id)?.size);
    const direct = await call("GET", `/companies/${String(empty?.id)}`);
    expect(direct.body.user_count).toBe(0);
  });

  it("are reads: the lost-reply fault (writes only) leaves POST /companies/list alone", async () => {
    sandbox.setKnobs({ faults: { lostReplyRate: 1 } });
    try {
      expect((await call("POST", "/companies/list", { per_page: 1 })).status).toBe(200);
    } finally {
      sandbox.setKnobs({ faults: { lostReplyRate: 0 } });
    }
  });

  it("list a company's people, 50 a page, and stop at 10,000 as documented", async () => {
    const co = [...ws().companies.values()].find(
      (c) => (ws().companyMembers.get(c.id)?.size ?? 0) > 2,
    );
    const people = await checked("GET", `/companies/${String(co?.id)}/contacts`);
    expect(people.body.total_count).toBe(ws().companyMembers.get(String(co?.id))?.size);
    expect(people.body.pages).toMatchObject({ type: "pages", page: 1, per_page: 50 });
    const limit = await checked("POST", "/companies/list?per_page=60&page=167");
    expect(limit.status).toBe(400);
    expect(limit.body).toMatchObject({
      errors: [{ code: "bad_request", message: "page limit reached, please use scroll API" }],
    });
  });
});

describe("a contact's companies", () => {
  it("show 10 in the contact, with the real total and has_more, everywhere a contact is", async () => {
    const contact = contactsIn(10)[0] as ContactRecord;
    const total = contact.companyIds.length;
    const expected = {
      type: "list",
      data: contact.companyIds
        .slice(0, 10)
        .map((id) => ({ type: "company", id, url: `/companies/${id}` })),
      url: `/contacts/${contact.id}/companies`,
      total_count: total,
      has_more: true,
    };
    expect((await checked("GET", `/contacts/${contact.id}`)).body.companies).toEqual(expected);
    const search = await checked("POST", "/contacts/search", {
      query: { field: "id", operator: "=", value: contact.id },
    });
    expect((search.body.data as Json[])[0]?.companies).toEqual(expected);
    const all = await checked("GET", `/contacts/${contact.id}/companies`);
    expect(all.body.total_count).toBe(total);
    expect((all.body.data as Json[]).map((co) => co.id)).toEqual(contact.companyIds);
    captured = [];
    await mutate({ kind: "contact.update", id: contact.id, attributes: { name: "Many Co" } });
    const item = (JSON.parse(captured[0]?.body ?? "{}") as { data: { item: Json } }).data.item;
    expect(item.companies).toEqual(expected);
  });
});
