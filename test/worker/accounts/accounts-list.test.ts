import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Env } from "../../../src/config/env.ts";
import { createServices } from "../../../src/services.ts";
import { seedAccounts, workspaceApi } from "../../support/accounts.ts";
import { expectStatus } from "../../support/status.ts";
import { uniqueAppId } from "../../support/webhooks.ts";

interface Row {
  intercom_id: string;
  company_id: string | null;
  name: string | null;
  mrr: number;
  health: number;
  at_risk: boolean;
}
interface Page {
  data: Row[];
  next_cursor: string | null;
}

// A deployment of its own: the list is the whole workspace, nobody else's rows in it.
const workspace = uniqueAppId();
const api = workspaceApi(workspace);
const services = createServices(env as unknown as Env);
const db = services.db();
afterAll(() => services.close());

async function page(path: string): Promise<Page> {
  const res = await api.get(path);
  await expectStatus(res, 200);
  return (await res.json()) as Page;
}

async function walk(path: string): Promise<Page[]> {
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes("?") ? "&" : "?";
    pages.push(await page(cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path));
    cursor = pages.at(-1)?.next_cursor ?? null;
  } while (cursor && pages.length < 20);
  return pages;
}

const names = (rows: Row[]) => rows.map((r) => r.name);
const buyer = (mrr: number, extra = {}) => ({ mrr, ...extra });
const troubled = (mrr: number) => buyer(mrr, { delinquent: true, cancelIntent: true });

describe("GET /v1/accounts pages", () => {
  let ids: string[] = [];
  beforeAll(async () => {
    // Three share an MRR, so their order is the Intercom id's.
    const made = await seedAccounts(db, workspace, [
      { name: "Paging Top", people: [buyer(900)] },
      { name: "Paging Tie 1", people: [buyer(300)] },
      { name: "Paging Tie 2", people: [buyer(120), buyer(180)] },
      { name: "Paging Tie 3", people: [buyer(300)] },
      { name: "Paging Low", people: [buyer(100)] },
      { name: "Paging Empty", people: [] },
    ]);
    ids = made.map((m) => m.id);
  });

  it("most MRR first, then by Intercom id, across pages of `limit`, each row once", async () => {
    const pages = await walk("/v1/accounts?limit=2&q=Paging");
    expect(pages.map((p) => p.data.length)).toEqual([2, 2, 2]);
    expect(pages.map((p) => p.next_cursor === null)).toEqual([false, false, true]);
    const rows = pages.flatMap((p) => p.data);
    const ties = [ids[1], ids[2], ids[3]].sort();
    expect(rows.map((r) => r.intercom_id)).toEqual([ids[0], ...ties, ids[4], ids[5]]);
    expect(rows.map((r) => r.mrr)).toEqual([900, 300, 300, 300, 100, 0]);
    // One page of all of them is the same list.
    const whole = await page("/v1/accounts?limit=500&q=Paging");
    expect(whole.data).toEqual(rows);
    expect(whole.next_cursor).toBeNull();
  });

  it("limit + 1 rows make a second page; exactly limit rows do not", async () => {
    const five = await page("/v1/accounts?limit=5&q=Paging");
    expect(five.data).toHaveLength(5);
    expect(five.next_cursor).not.toBeNull();
    const rest = await page(`/v1/accounts?limit=5&q=Paging&cursor=${five.next_cursor}`);
    expect(names(rest.data)).toEqual(["Paging Empty"]);
    expect(rest.next_cursor).toBeNull();
    const six = await page("/v1/accounts?limit=6&q=Paging");
    expect(six.next_cursor).toBeNull();
  });
});

describe("GET /v1/accounts?q=", () => {
  beforeAll(() =>
    seedAccounts(db, workspace, [
      { name: "Acme Rockets", companyId: "search-acme-1", people: [buyer(50)] },
      { name: "ACME widgets", companyId: "search-acme-2", people: [buyer(70)] },
      { name: "Globex", companyId: "search-globex", people: [] },
      { name: "Ten%Off", people: [] },
      { name: "TenXOff", people: [] },
      { name: "Under_score", people: [] },
      { name: "UnderXscore", people: [] },
      { name: null, companyId: "search-nameless", people: [] },
    ]),
  );

  it("matches any part of the name in any case", async () => {
    expect(names((await page("/v1/accounts?q=acme")).data)).toEqual([
      "ACME widgets",
      "Acme Rockets",
    ]);
    expect(names((await page("/v1/accounts?q=ME%20WID")).data)).toEqual(["ACME widgets"]);
    expect(names((await page("/v1/accounts?q=%20%20globex%20")).data)).toEqual(["Globex"]);
    expect((await page("/v1/accounts?q=initech")).data).toEqual([]);
  });

  it("takes % and _ as themselves", async () => {
    expect(names((await page("/v1/accounts?q=n%25o")).data)).toEqual(["Ten%Off"]);
    expect(names((await page("/v1/accounts?q=r_s")).data)).toEqual(["Under_score"]);
  });

  it("matches the company id exactly, and only exactly", async () => {
    const byId = await page("/v1/accounts?q=search-globex");
    expect(byId.data.map((r) => [r.name, r.company_id])).toEqual([["Globex", "search-globex"]]);
    expect(names((await page("/v1/accounts?q=search-nameless")).data)).toEqual([null]);
    expect((await page("/v1/accounts?q=search-glob")).data).toEqual([]);
    expect((await page("/v1/accounts?q=SEARCH-GLOBEX")).data).toEqual([]);
  });
});

describe("GET /v1/accounts filters", () => {
  beforeAll(() =>
    seedAccounts(db, workspace, [
      { name: "Filter Big Healthy", people: [buyer(2000)] },
      { name: "Filter Small Troubled", people: [troubled(100)] },
      { name: "Filter Big Troubled", people: [troubled(800)] },
      { name: "Filter Small Healthy", people: [buyer(50)] },
      // Delinquent only: 65, still above AT_RISK_HEALTH (60).
      { name: "Filter Small Late", people: [buyer(40, { delinquent: true })] },
    ]),
  );
  const filtered = async (query: string) =>
    names((await page(`/v1/accounts?q=Filter&${query}`)).data);

  it("at_risk is health below 60, shown on each row", async () => {
    const all = (await page("/v1/accounts?q=Filter")).data;
    expect(all.map((r) => [r.name, r.health, r.at_risk])).toEqual([
      ["Filter Big Healthy", 100, false],
      ["Filter Big Troubled", 40, true],
      ["Filter Small Troubled", 40, true],
      ["Filter Small Healthy", 100, false],
      ["Filter Small Late", 65, false],
    ]);
    expect(await filtered("at_risk=true")).toEqual([
      "Filter Big Troubled",
      "Filter Small Troubled",
    ]);
    expect(await filtered("at_risk=false")).toEqual([
      "Filter Big Healthy",
      "Filter Small Healthy",
      "Filter Small Late",
    ]);
  });

  it("high_value is MRR above HIGH_VALUE_MRR (500), the customers' rule", async () => {
    expect(await filtered("high_value=true")).toEqual([
      "Filter Big Healthy",
      "Filter Big Troubled",
    ]);
    expect(await filtered("high_value=false")).toEqual([
      "Filter Small Troubled",
      "Filter Small Healthy",
      "Filter Small Late",
    ]);
    expect(await filtered("high_value=true&at_risk=true")).toEqual(["Filter Big Troubled"]);
  });

  it("filters page like the whole list", async () => {
    const pages = await walk("/v1/accounts?q=Filter&at_risk=false&limit=1");
    expect(pages.map((p) => names(p.data))).toEqual([
      ["Filter Big Healthy"],
      ["Filter Small Healthy"],
      ["Filter Small Late"],
    ]);
  });
});

describe("GET /v1/accounts refuses bad input with a 400 naming the field", () => {
  const cases: Array<[string, string]> = [
    ["cursor=nope", "cursor"],
    // A cursor of another list (customers page by a uuid): not this list's shape.
    [`cursor=${btoa(JSON.stringify([crypto.randomUUID()]))}`, "cursor"],
    [`cursor=${btoa(JSON.stringify(["1; drop table accounts", "x"]))}`, "cursor"],
    [`cursor=${btoa(JSON.stringify(["NaN", "x"]))}`, "cursor"],
    ["limit=0", "limit"],
    ["limit=501", "limit"],
    ["limit=ten", "limit"],
    ["limit=2.5", "limit"],
    ["q=", "q"],
    ["q=%20%20", "q"],
    [`q=${"a".repeat(201)}`, "q"],
    ["at_risk=yes", "at_risk"],
    ["high_value=1", "high_value"],
  ];
  for (const [query, field] of cases) {
    it(`?${query.slice(0, 60)}`, async () => {
      const res = await api.get(`/v1/accounts?${query}`);
      await expectStatus(res, 400);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      const problem = (await res.json()) as { errors: Array<{ field: string }> };
      expect(problem.errors.map((e) => e.field)).toContain(field);
    });
  }
});
