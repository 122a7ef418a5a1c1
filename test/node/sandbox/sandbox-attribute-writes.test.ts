import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContactRecord } from "../../../scripts/sandbox/model.ts";
import { type Notification, type Sandbox, startSandbox } from "../../../scripts/sandbox/server.ts";
import { type Json, sandboxCalls } from "../../support/sandbox-http.ts";

/**
 * Writes that carry custom attributes (`POST` / `PUT /contacts`, `POST /companies`,
 * `PUT /companies/{id}`) held to the workspace's data attributes as Intercom holds them
 * (scripts/sandbox/data-attribute-rules.ts has the sources), every answer checked against
 * Intercom's OpenAPI description.
 */
const DAY = 86_400;
const EPOCH = 1_790_000_000 - (1_790_000_000 % DAY);
let sandbox: Sandbox;
let captured: Notification[] = [];
const { checked, mutate } = sandboxCalls(() => sandbox.url);

const define = (name: string, model: string, data_type: string, extra: Json = {}) =>
  checked("POST", "/data_attributes", { name, model, data_type, ...extra });

beforeAll(async () => {
  sandbox = await startSandbox({
    seed: 29,
    sizes: { contacts: 120, leads: 10, conversations: 5, companies: 12 },
    epoch: EPOCH,
    captureWebhooks: (n) => captured.push(n),
  });
  // What issue 23's write-back will need (a name is one per workspace, across models).
  await define("bridge_mrr", "contact", "float");
  await define("bridge_plan", "contact", "string");
  await define("bridge_delinquent", "contact", "boolean");
  await define("bridge_health", "contact", "integer");
  await define("bridge_checked_at", "contact", "date");
  await define("bridge_tier", "contact", "options", { options: [{ value: "A" }, { value: "B" }] });
  await define("bridge_account_mrr", "company", "float");
  await define("bridge_account_health", "company", "integer");
});
afterAll(() => sandbox.stop());

const ws = () => sandbox.workspace();
let next = 0;
/**
 * A fresh live contact per call, so one write never meets another's. With a well-formed email:
 * the sandbox renders a missing domain as `email_domain: null`, which the 2.16 schema refuses.
 */
const someContact = () => {
  const live = [...ws().contacts.values()].filter(
    (c) => !c.mergedInto && c.role === "user" && Boolean(c.email?.includes("@")),
  );
  next += 1;
  return live[next] as ContactRecord;
};
/** Companies are shared; each test writes its own attributes or is refused. */
const someCompany = () =>
  [...ws().companies.values()][next % 12] as { id: string; customAttributes: Json };
const errorOf = (body: Json) => (body.errors as Json[])[0] as Json;

async function refusedPut(custom: Json, model: "contact" | "company" = "contact") {
  const target = model === "contact" ? someContact() : someCompany();
  const before = JSON.stringify(target.customAttributes);
  captured = [];
  const path = model === "contact" ? `/contacts/${target.id}` : `/companies/${target.id}`;
  const res = await checked("PUT", path, {
    name: "Changed by a refused write",
    custom_attributes: custom,
  });
  expect(res.status).toBe(400);
  expect(errorOf(res.body).code).toBe("parameter_invalid");
  // Nothing of a refused write is applied, and nothing is announced.
  expect(JSON.stringify(target.customAttributes)).toBe(before);
  expect(captured).toEqual([]);
  return String(errorOf(res.body).message);
}

describe("a contact write", () => {
  it("takes attributes the workspace has, of their type, and moves updated_at", async () => {
    const c = someContact();
    const before = c.updatedAt;
    captured = [];
    const res = await checked("PUT", `/contacts/${c.id}`, {
      custom_attributes: {
        bridge_mrr: 12, // an integer is a float
        bridge_plan: "Growth",
        bridge_delinquent: false,
        bridge_health: 87,
        bridge_checked_at: EPOCH,
        bridge_tier: "B",
        plan: "paid",
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.custom_attributes).toMatchObject({
      bridge_mrr: 12,
      bridge_plan: "Growth",
      bridge_tier: "B",
    });
    expect(c.updatedAt).toBeGreaterThan(before);
    expect(captured.map((n) => n.topic)).toEqual(["contact.user.updated"]);
    const cleared = await checked("PUT", `/contacts/${c.id}`, {
      custom_attributes: { bridge_plan: null },
    });
    expect((cleared.body.custom_attributes as Json).bridge_plan).toBeNull();
  });

  it("refuses an attribute the workspace does not have", async () => {
    expect(await refusedPut({ bridge_plan: "Growth", bridge_unknown: 1 })).toBe(
      "User attribute 'bridge_unknown' does not exist",
    );
    const created = await checked("POST", "/contacts", {
      email: "new-attr@example.com",
      custom_attributes: { bridge_unknown: "x" },
    });
    expect(created.status).toBe(400);
    expect(errorOf(created.body)).toMatchObject({
      code: "parameter_invalid",
      message: "User attribute 'bridge_unknown' does not exist",
    });
    expect([...ws().contacts.values()].some((c) => c.email === "new-attr@example.com")).toBe(false);
  });

  it("refuses a value of another type, coercing nothing", async () => {
    expect(await refusedPut({ bridge_mrr: "12.50" })).toBe(
      "User attribute 'bridge_mrr' must be a float",
    );
    expect(await refusedPut({ bridge_health: 87.5 })).toBe(
      "User attribute 'bridge_health' must be an integer",
    );
    expect(await refusedPut({ bridge_plan: 3 })).toBe(
      "User attribute 'bridge_plan' must be a string",
    );
    expect(await refusedPut({ bridge_delinquent: "true" })).toBe(
      "User attribute 'bridge_delinquent' must be a boolean",
    );
    expect(await refusedPut({ bridge_checked_at: "2026-01-01T00:00:00Z" })).toContain(
      "must be a date",
    );
    expect(await refusedPut({ bridge_tier: "C" })).toContain("is not one of the options");
  });

  it("refuses arrays and objects", async () => {
    expect(await refusedPut({ bridge_plan: ["Growth"] })).toContain("not an array");
    expect(await refusedPut({ bridge_plan: { name: "Growth" } })).toContain("not an object");
  });

  it("takes strings of 255 characters, not 256", async () => {
    const c = someContact();
    const long = "é".repeat(255);
    const ok = await checked("PUT", `/contacts/${c.id}`, {
      custom_attributes: { bridge_plan: long },
    });
    expect(ok.status).toBe(200);
    expect(c.customAttributes.bridge_plan).toBe(long);
    expect(await refusedPut({ bridge_plan: `${long}x` })).toBe(
      "User attribute 'bridge_plan' is longer than 255 characters",
    );
  });

  it("skips an archived attribute silently and writes the rest", async () => {
    const made = await define("bridge_old_score", "contact", "integer");
    const c = someContact();
    await checked("PUT", `/contacts/${c.id}`, { custom_attributes: { bridge_old_score: 1 } });
    await checked("PUT", `/data_attributes/${String(made.body.id)}`, { archived: true });
    const res = await checked("PUT", `/contacts/${c.id}`, {
      custom_attributes: { bridge_old_score: 2, bridge_health: 3 },
    });
    expect(res.status).toBe(200);
    expect(c.customAttributes).toMatchObject({ bridge_old_score: 1, bridge_health: 3 });
  });

  it("refuses an attribute the API may not write", async () => {
    await define("bridge_app_owned", "contact", "string");
    const changed = await mutate({
      kind: "data_attribute.update",
      model: "contact",
      name: "bridge_app_owned",
      api_writable: false,
    });
    expect(changed.changed).toHaveLength(1);
    expect(await refusedPut({ bridge_app_owned: "x" })).toBe(
      "User attribute 'bridge_app_owned' can't be updated through the API",
    );
  });

  it("lets the seed's Stripe arrays through by default, and refuses them with the knob emptied", async () => {
    const arrays = {
      "Stripe Subscriptions": [{ id: "sub_1", status: "active" }],
      stripe_id: "cus_1",
    };
    const ok = await checked("POST", "/contacts", {
      external_id: "arrays-ok",
      email: "arrays-ok@example.com",
      custom_attributes: arrays,
    });
    expect(ok.status).toBe(200);
    sandbox.setKnobs({ arrayAttributes: [] });
    try {
      const refused = await checked("POST", "/contacts", {
        external_id: "arrays-refused",
        email: "arrays-refused@example.com",
        custom_attributes: arrays,
      });
      expect(refused.status).toBe(400);
      expect(errorOf(refused.body).message).toBe(
        "User attribute 'Stripe Subscriptions' does not exist",
      );
    } finally {
      sandbox.setKnobs({ arrayAttributes: ["Stripe Subscriptions", "Stripe Payments"] });
    }
  });
});

describe("a company write", () => {
  it("takes the company's attributes on create and update", async () => {
    const created = await checked("POST", "/companies", {
      company_id: "attrs-co-1",
      custom_attributes: { bridge_account_mrr: 99.5, seats: 4 },
    });
    expect(created.status).toBe(200);
    const id = String(created.body.id);
    const updated = await checked("PUT", `/companies/${id}`, {
      custom_attributes: { bridge_account_health: 70 },
    });
    expect(updated.body.custom_attributes).toMatchObject({
      bridge_account_mrr: 99.5,
      seats: 4,
      bridge_account_health: 70,
    });
  });

  it("refuses unknown, mistyped, over-long and array values, on create and update", async () => {
    const created = await checked("POST", "/companies", {
      company_id: "attrs-co-2",
      custom_attributes: { bridge_mrr: 1 },
    });
    // bridge_mrr is a contact attribute: a company has no such attribute.
    expect(errorOf(created.body)).toMatchObject({
      code: "parameter_invalid",
      message: "Company attribute 'bridge_mrr' does not exist",
    });
    expect([...ws().companies.values()].some((co) => co.companyId === "attrs-co-2")).toBe(false);
    expect(await refusedPut({ seats: "12" }, "company")).toBe(
      "Company attribute 'seats' must be an integer",
    );
    expect(await refusedPut({ region: "x".repeat(256) }, "company")).toContain("longer than 255");
    await refusedPut({ region: ["EMEA"] }, "company");
  });

  it("skips an archived company attribute", async () => {
    const made = await define("bridge_account_legacy", "company", "string");
    await checked("PUT", `/data_attributes/${String(made.body.id)}`, { archived: true });
    const res = await checked("POST", "/companies", {
      company_id: "attrs-co-3",
      custom_attributes: { bridge_account_legacy: "x", bridge_account_health: 5 },
    });
    expect(res.status).toBe(200);
    expect(res.body.custom_attributes).toEqual({ bridge_account_health: 5 });
  });
});

describe("the sandbox's stats", () => {
  it("count data attribute calls by route, like every other route", async () => {
    sandbox.reset();
    const idOf = (name: string) =>
      String(ws().dataAttributes.find((a) => a.custom && a.name === name)?.id);
    await checked("GET", "/data_attributes?model=company");
    await checked("GET", "/data_attributes");
    await checked("POST", "/data_attributes", {
      name: "bridge_count",
      model: "company",
      data_type: "string",
    });
    await checked("PUT", `/data_attributes/${idOf("bridge_count")}`, { description: "d" });
    expect(sandbox.stats().byRoute).toEqual({
      "GET /data_attributes": 2,
      "POST /data_attributes": 1,
      "PUT /data_attributes/{data_attribute_id}": 1,
    });
  });
});
