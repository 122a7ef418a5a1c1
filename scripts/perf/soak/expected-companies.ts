import type { Workspace } from "../../sandbox/model.ts";
import { userCount } from "../../sandbox/render-company.ts";
import { customerEmail } from "./expected.ts";
import type { CompanyTable, Rows } from "./rows.ts";

type Revenue = { mrr: number | null; arr: number | null; ltv: number | null };
const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Companies, their memberships and accounts as the sandbox holds them, with each account's
 * money summed from the soak's own revenue oracle (`customers`, expected.ts), never from
 * src/: docs/sync.md "Company sync and accounts" counts each distinct customer its live
 * people reach by email once, and a customer without revenue adds nothing.
 * `deletedSeen` is the companies the sandbox deleted that the service ever held a row of:
 * exactly those must be tombstones.
 */
export function expectedCompanyRows(
  ws: Workspace,
  customers: ReadonlyMap<string, Record<string, unknown>>,
  deletedSeen: ReadonlySet<string>,
): Pick<Rows, CompanyTable> {
  const rows: ReturnType<typeof expectedCompanyRows> = {
    companies: new Map(),
    company_tombstones: new Map([...deletedSeen].map((id) => [id, {}])),
    contact_companies: new Map(),
    accounts: new Map(),
  };
  for (const id of ws.contactOrder) {
    const c = ws.contacts.get(id);
    if (!c || c.mergedInto) continue;
    for (const companyId of c.companyIds)
      if (ws.companies.has(companyId)) rows.contact_companies.set(`${c.id}/${companyId}`, {});
  }
  for (const id of ws.companyOrder) {
    const co = ws.companies.get(id);
    if (!co) continue;
    const company = {
      company_id: co.companyId,
      name: co.name === null || co.name.trim() === "" ? null : co.name,
      plan: co.plan?.name ?? null,
      monthly_spend: co.monthlySpend,
    };
    rows.companies.set(id, company);
    const emails = new Set<string>();
    for (const contactId of ws.companyMembers.get(id) ?? []) {
      const c = ws.contacts.get(contactId);
      const email = c && !c.mergedInto ? customerEmail(c.email) : null;
      if (email !== null && customers.has(email)) emails.add(email);
    }
    const money = { mrr: 0, arr: 0, ltv: 0 };
    for (const email of emails) {
      const r = customers.get(email) as Revenue;
      money.mrr += r.mrr ?? 0;
      money.arr += r.arr ?? 0;
      money.ltv += r.ltv ?? 0;
    }
    rows.accounts.set(id, {
      ...company,
      people_count: userCount(ws, id),
      customers_count: emails.size,
      mrr: round2(money.mrr),
      arr: round2(money.arr),
      ltv: round2(money.ltv),
    });
  }
  return rows;
}
