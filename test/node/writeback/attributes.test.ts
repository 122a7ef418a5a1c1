import { describe, expect, it } from "vitest";
import type { DataAttribute } from "../../../src/intercom/operations/data-attributes.ts";
import {
  AttributesRefused,
  CUSTOM_ATTRIBUTE_LIMIT,
  ensureAttributes,
} from "../../../src/writeback/attributes.ts";
import { attributesOf } from "../../../src/writeback/figures.ts";

const planned = attributesOf({ prefix: "bridge_", contact: ["mrr", "plan"], account: ["health"] });

/** Intercom's catalogue for one test: a list, and what was created in it. */
function catalogue(existing: DataAttribute[]) {
  const created: Array<{ name: string; model: string; dataType: string }> = [];
  return {
    created,
    client: {
      listDataAttributes: async () => existing,
      createDataAttribute: async (a: { name: string; model: string; dataType: string }) => {
        created.push({ name: a.name, model: a.model, dataType: a.dataType });
        return { name: a.name, data_type: a.dataType, model: a.model, custom: true };
      },
    },
  };
}

const custom = (name: string, extra: Partial<DataAttribute> = {}): DataAttribute => ({
  name,
  data_type: "string",
  model: "contact",
  custom: true,
  archived: false,
  api_writable: true,
  ...extra,
});

describe("making sure the attributes exist", () => {
  it("creates the missing ones with their type and model, and keeps those that fit", async () => {
    const { client, created } = catalogue([custom("bridge_mrr", { data_type: "float" })]);
    const plan = await ensureAttributes(client, planned, false);
    expect(created).toEqual([
      { name: "bridge_plan", model: "contact", dataType: "string" },
      { name: "bridge_account_health", model: "company", dataType: "integer" },
    ]);
    expect(plan).toEqual({
      contact: ["bridge_mrr", "bridge_plan"],
      company: ["bridge_account_health"],
      created: ["bridge_plan", "bridge_account_health"],
    });
  });

  it("creates nothing in a dry run, and says what a real run would create", async () => {
    const { client, created } = catalogue([]);
    const plan = await ensureAttributes(client, planned, true);
    expect(created).toEqual([]);
    expect(plan.created).toHaveLength(3);
  });

  it("refuses, naming each, what Intercom would refuse", async () => {
    const { client, created } = catalogue([
      custom("bridge_mrr", { data_type: "string" }),
      custom("bridge_plan", { model: "company" }),
      custom("bridge_account_health", { data_type: "integer", model: "company", archived: true }),
    ]);
    const refused = await ensureAttributes(client, planned, false).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AttributesRefused);
    const message = (refused as Error).message;
    expect(message).toContain(
      "'bridge_mrr' is a string attribute in Intercom; the write-back writes a float",
    );
    expect(message).toContain("'bridge_plan' is a company attribute in Intercom");
    expect(message).toContain("'bridge_account_health' is archived in Intercom");
    expect(created).toEqual([]);
  });

  it("refuses a standard attribute and one the API may not write", async () => {
    const { client } = catalogue([
      custom("bridge_mrr", { data_type: "float", api_writable: false }),
      { name: "bridge_plan", data_type: "string", model: "contact", custom: false },
    ]);
    const message = await ensureAttributes(client, planned, false).catch((e: Error) => e.message);
    expect(message).toContain("'bridge_mrr' cannot be written through Intercom's API");
    expect(message).toContain("'bridge_plan' is one of Intercom's standard attributes");
  });

  it(`refuses to pass Intercom's ${CUSTOM_ATTRIBUTE_LIMIT} custom attributes, archived ones not counted`, async () => {
    const many = (n: number, archived = false) =>
      Array.from({ length: n }, (_, i) =>
        custom(`other_${archived ? "a" : "l"}${i}`, { archived }),
      );
    // Room for exactly the three missing ones: created.
    const fits = catalogue([...many(CUSTOM_ATTRIBUTE_LIMIT - 3), ...many(40, true)]);
    await ensureAttributes(fits.client, planned, false);
    expect(fits.created).toHaveLength(3);
    // One over: refused, nothing created.
    const over = catalogue(many(CUSTOM_ATTRIBUTE_LIMIT - 2));
    const message = await ensureAttributes(over.client, planned, false).catch(
      (e: Error) => e.message,
    );
    expect(message).toBe(
      `Intercom allows ${CUSTOM_ATTRIBUTE_LIMIT} custom attributes: the workspace has ${CUSTOM_ATTRIBUTE_LIMIT - 2} and the write-back needs 3 more`,
    );
    expect(over.created).toEqual([]);
  });
});
