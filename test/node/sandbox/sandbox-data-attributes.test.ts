import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writableCustomAttributes } from "../../../scripts/sandbox/data-attribute-rules.ts";
import { type Sandbox, startSandbox } from "../../../scripts/sandbox/server.ts";
import { type Json, sandboxCalls } from "../../support/sandbox-http.ts";

/**
 * The sandbox's data attributes (`/data_attributes`): listed, created and changed in the 2.16
 * shapes, checked against Intercom's OpenAPI description, with Intercom's refusals.
 */
const DAY = 86_400;
const EPOCH = 1_790_000_000 - (1_790_000_000 % DAY);
let sandbox: Sandbox;
const { checked, mutate } = sandboxCalls(() => sandbox.url);

beforeAll(async () => {
  sandbox = await startSandbox({
    seed: 23,
    sizes: { contacts: 300, leads: 30, conversations: 5, companies: 30 },
    epoch: EPOCH,
  });
});
afterAll(() => sandbox.stop());

const list = async (query = "") =>
  (await checked("GET", `/data_attributes${query}`)).body.data as Json[];
const named = (data: Json[], name: string, model = "contact") =>
  data.find((a) => a.name === name && a.model === model);
const errorOf = (body: Json) => (body.errors as Json[])[0];

describe("GET /data_attributes", () => {
  it("lists contact attributes, standard and custom, in the 2.16 shape", async () => {
    const data = await list("?model=contact");
    expect(data.every((a) => a.model === "contact" && a.type === "data_attribute")).toBe(true);
    expect(named(data, "email")).toMatchObject({
      full_name: "email",
      data_type: "string",
      api_writable: true,
      custom: false,
    });
    expect(named(data, "email")).not.toHaveProperty("id");
    expect(named(data, "city")).toMatchObject({ full_name: "location.city", api_writable: false });
    const price = named(data, "stripe_plan_price");
    expect(price).toMatchObject({
      full_name: "custom_attributes.stripe_plan_price",
      data_type: "float",
      custom: true,
      archived: false,
      api_writable: true,
      created_at: expect.any(Number),
      admin_id: expect.any(String),
    });
    expect(Number.isInteger(price?.id)).toBe(true);
    expect(named(data, "stripe_delinquent")?.data_type).toBe("boolean");
    expect(named(data, "stripe_last_charge_at")?.data_type).toBe("date");
    expect(named(data, "stripe_plan_interval_count")?.data_type).toBe("integer");
  });

  it("lists company attributes as the description's recorded listing has them", async () => {
    const data = await list("?model=company");
    expect(data.every((a) => a.model === "company")).toBe(true);
    const plan = data.find((a) => a.full_name === "plan.name");
    expect(plan).toMatchObject({ name: "name", data_type: "string", api_writable: false });
    expect(named(data, "monthly_spend", "company")).toMatchObject({
      data_type: "float",
      api_writable: true,
    });
    expect(named(data, "user_count", "company")?.api_writable).toBe(false);
    const seats = data.find((a) => a.full_name === "custom_attributes.seats");
    expect(seats).toMatchObject({ data_type: "integer", custom: true });
    // The seed's custom `industry` beside the standard one.
    expect(data.filter((a) => a.name === "industry").map((a) => a.custom)).toEqual([false, true]);
  });

  it("lists both models without one, refuses conversation (422) and other models (400)", async () => {
    const all = await list();
    const contacts = await list("?model=contact");
    const companies = await list("?model=company");
    expect(all).toHaveLength(contacts.length + companies.length);
    const conversation = await checked("GET", "/data_attributes?model=conversation");
    expect(conversation.status).toBe(422);
    expect(errorOf(conversation.body)).toMatchObject({ code: "parameter_invalid" });
    expect(String(errorOf(conversation.body)?.message)).toContain("/conversations/attributes");
    const other = await checked("GET", "/data_attributes?model=ticket");
    expect(other.status).toBe(400);
  });

  it("leaves archived attributes out unless include_archived=true", async () => {
    const made = await checked("POST", "/data_attributes", {
      name: "retired_flag",
      model: "contact",
      data_type: "boolean",
    });
    await checked("PUT", `/data_attributes/${String(made.body.id)}`, { archived: true });
    expect(named(await list("?model=contact"), "retired_flag")).toBeUndefined();
    const withArchived = await list("?model=contact&include_archived=true");
    expect(named(withArchived, "retired_flag")).toMatchObject({ archived: true });
  });
});

describe("POST /data_attributes", () => {
  it("creates a custom attribute: full_name under custom_attributes, datetime kept as date", async () => {
    const made = await checked("POST", "/data_attributes", {
      name: "bridge_mrr",
      model: "contact",
      data_type: "float",
      description: "Monthly recurring revenue, dollars",
    });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({
      type: "data_attribute",
      name: "bridge_mrr",
      full_name: "custom_attributes.bridge_mrr",
      label: "bridge_mrr",
      description: "Monthly recurring revenue, dollars",
      data_type: "float",
      api_writable: true,
      custom: true,
      archived: false,
      model: "contact",
    });
    expect(made.body.created_at).toBe(sandbox.now());
    const when = await checked("POST", "/data_attributes", {
      name: "bridge_renews_at",
      model: "company",
      data_type: "datetime",
    });
    expect(when.body.data_type).toBe("date");
    const list2 = await checked("POST", "/data_attributes", {
      name: "bridge_tier",
      model: "contact",
      data_type: "options",
      options: [{ value: "gold" }, { value: "silver" }],
    });
    expect(list2.body).toMatchObject({ data_type: "string", options: ["gold", "silver"] });
  });

  it("refuses what Intercom refuses, with its messages", async () => {
    const refused = async (body: Json) => {
      const res = await checked("POST", "/data_attributes", body);
      expect(res.status).toBe(400);
      expect(errorOf(res.body)?.code).toBe("parameter_invalid");
      return String(errorOf(res.body)?.message);
    };
    const base = { name: "bridge_x", model: "contact", data_type: "string" };
    expect(await refused({ ...base, data_type: "mithril" })).toBe("Data Type isn't an option");
    expect(await refused({ ...base, model: "ticket" })).toBe(
      "The Data Attribute model field must be either contact or company",
    );
    expect(await refused({ ...base, name: "!nv@l!d n@me" })).toContain(
      "must only contain alphanumeric characters",
    );
    expect(await refused({ ...base, name: "" })).toBe("Name can't be blank");
    // A name is taken across models: a contact attribute may not share a company one's.
    expect(await refused({ ...base, name: "seats" })).toBe(
      "You already have 'seats' in your company data. To save this as new people data, use a different name.",
    );
    expect(await refused({ ...base, name: "stripe_plan" })).toContain("in your people data");
    expect(await refused({ ...base, data_type: "options", options: [{ value: "one" }] })).toBe(
      "At least two options are required",
    );
    expect(await refused({ ...base, data_type: "options", options: { value: "a" } })).toBe(
      "Options isn't an array",
    );
  });

  it("stops at the workspace's ceiling of custom attributes (knob), archived ones not counted", async () => {
    const inUse = (await list("?include_archived=true")).filter(
      (a) => a.custom && !a.archived,
    ).length;
    sandbox.setKnobs({ customAttributeLimit: inUse + 1 });
    try {
      const first = await checked("POST", "/data_attributes", {
        name: "bridge_fill_1",
        model: "company",
        data_type: "integer",
      });
      expect(first.status).toBe(200);
      const over = await checked("POST", "/data_attributes", {
        name: "bridge_fill_2",
        model: "contact",
        data_type: "integer",
      });
      expect(over.status).toBe(400);
      expect(errorOf(over.body)).toMatchObject({ code: "parameter_invalid" });
      expect(String(errorOf(over.body)?.message)).toContain(`limit of ${inUse + 1}`);
      // Archiving one makes room; unarchiving it at the ceiling is refused.
      await checked("PUT", `/data_attributes/${String(first.body.id)}`, { archived: true });
      const room = await checked("POST", "/data_attributes", {
        name: "bridge_fill_2",
        model: "contact",
        data_type: "integer",
      });
      expect(room.status).toBe(200);
      const back = await checked("PUT", `/data_attributes/${String(first.body.id)}`, {
        archived: false,
      });
      expect(back.status).toBe(400);
    } finally {
      sandbox.setKnobs({ customAttributeLimit: 250 });
    }
  });
});

describe("PUT /data_attributes/{id}", () => {
  it("changes description, options and archived, never the data type", async () => {
    const made = await checked("POST", "/data_attributes", {
      name: "bridge_plan",
      model: "contact",
      data_type: "string",
    });
    const path = `/data_attributes/${String(made.body.id)}`;
    const before = Number(made.body.updated_at);
    const changed = await checked("PUT", path, {
      description: "The plan, as billing knows it",
      options: [{ value: "Starter" }, { value: "Growth" }],
    });
    expect(changed.body).toMatchObject({
      description: "The plan, as billing knows it",
      options: ["Starter", "Growth"],
      data_type: "string",
    });
    expect(Number(changed.body.updated_at)).toBeGreaterThan(before);
    const retyped = await checked("PUT", path, { data_type: "integer" });
    expect(retyped.status).toBe(400);
    expect((await list("?model=contact")).find((a) => a.id === made.body.id)?.data_type).toBe(
      "string",
    );
    const numberOptions = await checked("PUT", `/data_attributes/${idOf("seats", "company")}`, {
      options: [{ value: "1" }, { value: "2" }],
    });
    expect(numberOptions.status).toBe(400);
  });

  it("answers 404 field_not_found for an unknown id or a standard attribute", async () => {
    for (const id of ["999999", "email"]) {
      const res = await checked("PUT", `/data_attributes/${id}`, { description: "x" });
      expect(res.status).toBe(404);
      expect(errorOf(res.body)).toEqual({
        code: "field_not_found",
        message: "We couldn't find that data attribute to update",
      });
    }
  });
});

const idOf = (name: string, model: string) =>
  String(
    sandbox.workspace().dataAttributes.find((a) => a.custom && a.name === name && a.model === model)
      ?.id,
  );

describe("the seed", () => {
  it("puts on contacts and companies only custom attributes the catalogue lists, mutations too", async () => {
    for (const kind of ["contacts.billing", "contacts.rename", "contacts.update"])
      await mutate({ kind, count: 20 });
    await mutate({ kind: "company.update", count: 5 });
    const all = await list("?include_archived=true");
    const custom = (model: string) =>
      new Set(all.filter((a) => a.custom && a.model === model).map((a) => a.name));
    const arrays = new Set(sandbox.knobs().arrayAttributes);
    const ws = sandbox.workspace();
    const contactKeys = new Set(
      [...ws.contacts.values()].flatMap((c) => Object.keys(c.customAttributes)),
    );
    const companyKeys = new Set(
      [...ws.companies.values()].flatMap((co) => Object.keys(co.customAttributes)),
    );
    expect([...contactKeys].filter((k) => !custom("contact").has(k) && !arrays.has(k))).toEqual([]);
    expect([...companyKeys].filter((k) => !custom("company").has(k))).toEqual([]);
    // Every seeded value could have been written through the API.
    const refusals = [
      ...[...ws.contacts.values()].map((c) =>
        writableCustomAttributes(ws, "contact", c.customAttributes, sandbox.knobs()),
      ),
      ...[...ws.companies.values()].map((co) =>
        writableCustomAttributes(ws, "company", co.customAttributes, sandbox.knobs()),
      ),
    ].filter((r) => r.error);
    expect(refusals).toEqual([]);
    const stripe = [...ws.contacts.values()].find((c) => "stripe_id" in c.customAttributes);
    const flat = Object.fromEntries(
      Object.entries(stripe?.customAttributes ?? {}).filter(([k]) => !arrays.has(k)),
    );
    const rewritten = await checked("PUT", `/contacts/${String(stripe?.id)}`, {
      custom_attributes: flat,
    });
    expect(rewritten.status).toBe(200);
  });
});
