import type { CompanyRecord, ContactRecord, Workspace } from "./model.ts";
import { pick } from "./prng.ts";

const DAY = 86_400;
const PLANS = [
  { name: "Starter", spend: [19, 200] },
  { name: "Growth", spend: [200, 1_500] },
  { name: "Enterprise", spend: [1_500, 40_000] },
] as const;
const INDUSTRIES = ["Software", "Retail", "Healthcare", "Finance", "Education", "Logistics"];
const REGIONS = ["EMEA", "AMER", "APAC"];

/** Company segments, derived from what a company is, never drawn. */
export const COMPANY_SEGMENTS = [
  { id: "7100", name: "High spend" },
  { id: "7101", name: "Enterprise plan" },
];

/**
 * Every seventh seeded company gets nobody: Intercom's lists leave such companies out, the
 * scroll does not. Derived from the index, so the other companies keep their people.
 */
export const hasNoPeople = (index: number) => index % 7 === 6;

/** The plan of that name, with the workspace's one id for it. */
export function planNamed(ws: Workspace, name: string) {
  let id = ws.plans.get(name);
  if (!id) {
    id = String(269_000 + ws.plans.size);
    ws.plans.set(name, id);
  }
  return { id, name };
}

export function segmentsOf(company: CompanyRecord): string[] {
  return [
    ...(company.monthlySpend >= 1_500 ? ["7100"] : []),
    ...(company.plan?.name === "Enterprise" ? ["7101"] : []),
  ];
}

/**
 * One seeded company. Its values come from the companies' own PRNG (only its `id` is drawn
 * from the workspace's), so adding companies left every contact and conversation as it was.
 */
export function seedCompany(
  random: () => number,
  index: number,
  id: string,
  ws: Workspace,
  epoch: number,
): CompanyRecord {
  const createdAt = epoch - DAY - Math.floor(random() * 500 * DAY);
  const remoteRoll = random();
  const remoteCreatedAt = remoteRoll < 0.85 ? createdAt - Math.floor(random() * 900 * DAY) : null;
  const lastRoll = random();
  const lastRequestAt = lastRoll < 0.8 ? epoch - Math.floor(random() * 30 * DAY) : null;
  const planRoll = random();
  const tier = planRoll < 0.2 ? null : pick(random, PLANS);
  const spendRoll = random();
  const customRoll = random();
  const company: CompanyRecord = {
    id,
    companyId: `acct-${String(index).padStart(5, "0")}`,
    name: `Company ${index}`,
    plan: tier ? planNamed(ws, tier.name) : null,
    // Whole units, as Intercom keeps them.
    monthlySpend: tier
      ? tier.spend[0] + Math.floor(spendRoll * (tier.spend[1] - tier.spend[0]))
      : 0,
    sessionCount: Math.floor(random() * 5_000),
    size: random() < 0.5 ? 1 + Math.floor(random() * 5_000) : null,
    website: random() < 0.6 ? `https://company-${index}.example.com` : null,
    industry: null,
    customAttributes:
      customRoll < 0.9
        ? {
            industry: pick(random, INDUSTRIES),
            seats: 1 + Math.floor(random() * 500),
            region: pick(random, REGIONS),
          }
        : {},
    tagIds:
      ws.tags.size && random() < 0.2 ? [String(1000 + Math.floor(random() * ws.tags.size))] : [],
    segmentIds: [],
    remoteCreatedAt,
    createdAt,
    updatedAt: Math.min(epoch - 1, createdAt + Math.floor(random() * 300 * DAY)),
    lastRequestAt,
  };
  company.segmentIds = segmentsOf(company);
  return company;
}

/** Counts `c` among the people of each of its companies. */
export function indexMemberships(ws: Workspace, c: ContactRecord) {
  for (const companyId of c.companyIds) {
    let members = ws.companyMembers.get(companyId);
    if (!members) {
      members = new Set();
      ws.companyMembers.set(companyId, members);
    }
    members.add(c.id);
  }
}

/**
 * Beyond the one company a contact may be seeded with: 3 in 100 contacts belong to 11 to 14
 * companies (more than a contact shows), 8 in 100 to one or two more. From its own PRNG, one
 * roll per contact whatever it leads to, so the rest stays as it was.
 */
export function seedMemberships(ws: Workspace, random: () => number, pool: readonly string[]) {
  for (const id of ws.contactOrder) {
    const c = ws.contacts.get(id);
    if (!c) continue;
    const roll = random();
    const target =
      roll < 0.03
        ? 11 + Math.floor(random() * 4)
        : roll < 0.11
          ? c.companyIds.length + 1 + Math.floor(random() * 2)
          : 0;
    const wanted = Math.min(target, pool.length);
    for (let tries = 0; c.companyIds.length < wanted && tries < wanted * 4; tries++) {
      const companyId = pick(random, pool);
      if (!c.companyIds.includes(companyId)) c.companyIds.push(companyId);
    }
    indexMemberships(ws, c);
  }
}
