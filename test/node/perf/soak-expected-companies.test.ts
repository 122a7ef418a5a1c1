import { describe, expect, it } from "vitest";
import { expectedCompanyRows } from "../../../scripts/perf/soak/expected-companies.ts";
import { seedWorkspace } from "../../../scripts/sandbox/seed.ts";
import { indexMemberships } from "../../../scripts/sandbox/seed-companies.ts";

/**
 * The soak's oracle for companies and accounts (scripts/perf/soak/expected-companies.ts):
 * what it says an account must add up to, on a workspace arranged by hand.
 */
const EPOCH = 1_790_000_000 - (1_790_000_000 % 86_400);

function arranged() {
  const ws = seedWorkspace(7, { contacts: 30, leads: 0, companies: 3, conversations: 0 }, EPOCH);
  for (const c of ws.contacts.values()) c.companyIds = [];
  ws.companyMembers.clear();
  const [a, b, merged, other] = ws.contactOrder.map((id) => ws.contacts.get(id));
  const company = ws.companyOrder[0] ?? "";
  if (!a || !b || !merged || !other) throw new Error("seeded too few contacts");
  // Two contacts with one email (case and spaces aside), one merged away, all three in it.
  a.email = "Buyer@Example.com";
  b.email = " buyer@example.com ";
  merged.email = "gone@example.com";
  merged.mergedInto = a.id;
  other.email = "other@example.com";
  for (const c of [a, b, merged]) {
    c.companyIds = [company];
    indexMemberships(ws, c);
  }
  return { ws, company, a, b, merged, other };
}

describe("the soak's expected accounts", () => {
  it("count each customer once, merged-away people not at all, and sum the oracle's revenue", () => {
    const { ws, company, a, b, merged } = arranged();
    const customers = new Map<string, Record<string, unknown>>([
      ["buyer@example.com", { mrr: 10.5, arr: 126, ltv: 40 }],
      ["gone@example.com", { mrr: 99, arr: 1188, ltv: 99 }],
      ["other@example.com", { mrr: 7, arr: 84, ltv: null }],
    ]);
    const rows = expectedCompanyRows(ws, customers, new Set());
    expect(rows.accounts.get(company)).toMatchObject({
      people_count: 2,
      customers_count: 1,
      mrr: 10.5,
      arr: 126,
      ltv: 40,
    });
    expect([...rows.contact_companies.keys()].sort()).toEqual(
      [`${a.id}/${company}`, `${b.id}/${company}`].sort(),
    );
    expect(rows.contact_companies.has(`${merged.id}/${company}`)).toBe(false);
    // One account per company, those with nobody included, at zero.
    expect(rows.accounts.size).toBe(ws.companies.size);
    const empty = ws.companyOrder[1] ?? "";
    expect(rows.accounts.get(empty)).toMatchObject({ people_count: 0, mrr: 0, customers_count: 0 });
  });

  it("expects the tombstones it is given and no company the sandbox deleted", () => {
    const { ws, company } = arranged();
    ws.companies.delete(company);
    const rows = expectedCompanyRows(ws, new Map(), new Set([company]));
    expect(rows.companies.has(company)).toBe(false);
    expect(rows.accounts.has(company)).toBe(false);
    expect([...rows.company_tombstones.keys()]).toEqual([company]);
  });
});
