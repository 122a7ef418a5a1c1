import { seedDataAttributes } from "./data-attribute-catalogue.ts";
import type { ContactRecord, ConversationRecord, Workspace } from "./model.ts";
import { hexId, pick, prng } from "./prng.ts";
import { COMPANY_SEGMENTS, hasNoPeople, seedCompany, seedMemberships } from "./seed-companies.ts";
import { stripeAttributes } from "./stripe.ts";

export interface SeedSizes {
  contacts: number;
  leads: number;
  /** Companies: every seventh with nobody, 3 in 100 contacts in more than 10 (seed-companies.ts). */
  companies: number;
  tags: number;
  admins: number;
  conversations: number;
  partsPerConversation: number;
  /**
   * Of the contacts, how many were created on one day (a bulk import, 200 days back): a
   * partition of a full run holds at least these, however many there are in all.
   */
  importedContacts: number;
  /** Every n-th conversation is a long one, 300 to 500 parts (0: none besides the 1 in 500). */
  longConversationEvery: number;
  /** Conversations deleted before the seed's day: `GET /conversations/deleted` lists them. */
  deletedConversations: number;
}

export const DEFAULT_SIZES: SeedSizes = {
  contacts: 200,
  leads: 50,
  companies: 20,
  tags: 15,
  admins: 5,
  conversations: 100,
  partsPerConversation: 10,
  importedContacts: 0,
  longConversationEvery: 0,
  deletedConversations: 0,
};

const FIRST = [
  "Ada",
  "Grace",
  "Alan",
  "Linus",
  "Margaret",
  "Ken",
  "Barbara",
  "Edsger",
  "Frances",
  "Tim",
];
const LAST = [
  "Lovelace",
  "Hopper",
  "Turing",
  "Torvalds",
  "Hamilton",
  "Thompson",
  "Liskov",
  "Dijkstra",
];
const PLACES = [
  { country: "United Kingdom", city: "London", region: "England", countryCode: "GBR" },
  { country: "United States", city: "Austin", region: "Texas", countryCode: "USA" },
  { country: "Germany", city: "Berlin", region: "Berlin", countryCode: "DEU" },
  { country: "France", city: "Lyon", region: "Auvergne-Rhône-Alpes", countryCode: "FRA" },
  { country: "Japan", city: "Osaka", region: "Osaka", countryCode: "JPN" },
];
const DAY = 86_400;

/** Today's UTC midnight: the seeded data is the same for the same seed on the same day. */
export function todayEpoch(): number {
  return Math.floor(Date.now() / 1000 / DAY) * DAY;
}

export function seedContact(
  random: () => number,
  n: number,
  role: "user" | "lead",
  ws: Workspace,
  sizes: SeedSizes,
  epoch: number,
  /** The companies its one seeded company is drawn from (default: any). */
  companyPool: readonly string[] = ws.companyOrder,
): ContactRecord {
  const id = hexId(random);
  const first = pick(random, FIRST);
  const last = pick(random, LAST);
  // Drawn either way, so an import leaves every later draw (and so every other seed) as it was.
  const drawn = epoch - Math.floor(random() * 400 * DAY);
  const createdAt = n < sizes.importedContacts ? epoch - 200 * DAY + (n % DAY) : drawn;
  // Spread over the last 90 days, a share of them within minutes of a UTC midnight.
  const updatedAt =
    random() < 0.05
      ? epoch -
        Math.floor(random() * 90) * DAY +
        (random() < 0.5 ? -1 : 1) * Math.floor(random() * 120)
      : epoch - Math.floor(random() * 90 * DAY);
  const emailRoll = random();
  const email =
    emailRoll < 0.04
      ? null
      : emailRoll < 0.06
        ? `${first.toLowerCase()}.${n}-at-example.com`
        : `${first.toLowerCase()}.${last.toLowerCase()}.${n}@example.com`;
  const stripe = role === "user" && random() < 0.34;
  return {
    id,
    role,
    externalId: role === "user" ? `user_${n}` : null,
    email,
    name: random() < 0.9 ? `${first} ${last}` : null,
    phone: random() < 0.3 ? `+1415555${String(1000 + (n % 9000))}` : null,
    ownerId: ws.admins.length && random() < 0.5 ? pick(random, ws.admins).id : null,
    createdAt,
    updatedAt: Math.max(updatedAt, createdAt),
    signedUpAt: role === "user" ? createdAt : null,
    lastSeenAt: random() < 0.8 ? epoch - Math.floor(random() * 30 * DAY) : null,
    location: random() < 0.7 ? pick(random, PLACES) : null,
    customAttributes: {
      plan: stripe ? "paid" : "free",
      ...(stripe ? stripeAttributes(random, id, updatedAt) : {}),
    },
    tagIds: sizes.tags && random() < 0.3 ? [String(1000 + Math.floor(random() * sizes.tags))] : [],
    companyIds: companyPool.length && random() < 0.4 ? [pick(random, companyPool)] : [],
    archived: false,
    mergedInto: null,
  };
}

export function seedWorkspace(
  seed: number,
  partial: Partial<SeedSizes> = {},
  epoch: number = todayEpoch(),
): Workspace {
  const sizes = { ...DEFAULT_SIZES, ...partial };
  const random = prng(seed);
  const ws: Workspace = {
    appId: `app_${hexId(random, 8)}`,
    contacts: new Map(),
    contactOrder: [],
    conversations: new Map(),
    conversationOrder: [],
    deletedConversations: [],
    tags: new Map(),
    admins: [],
    teams: [],
    companies: new Map(),
    companyOrder: [],
    companyMembers: new Map(),
    plans: new Map(),
    companySegments: [...COMPANY_SEGMENTS],
    companyScroll: null,
    dataAttributes: [],
    nextDataAttributeId: 1,
    events: [],
    eventKeys: new Set(),
    notes: new Map(),
    seed,
    nextId: 1,
    version: 0,
    searchCache: new Map(),
  };
  for (let i = 0; i < sizes.admins; i++) {
    ws.admins.push({
      id: String(5_000_000 + i),
      name: `${pick(random, FIRST)} Support`,
      email: `admin${i}@example.com`,
      teamIds: ["9000"],
    });
  }
  ws.teams.push({ id: "9000", name: "Support", adminIds: ws.admins.map((a) => a.id) });
  seedDataAttributes(ws, epoch);
  // Only the ids are drawn here, where they always were; the rest from the companies' own PRNG.
  for (let i = 0; i < sizes.companies; i++) ws.companyOrder.push(hexId(random));
  for (let i = 0; i < sizes.tags; i++)
    ws.tags.set(String(1000 + i), { id: String(1000 + i), name: `segment-${i}` });
  const companyRandom = prng((seed ^ 0xc0) >>> 0);
  ws.companyOrder.forEach((id, i) => {
    ws.companies.set(id, seedCompany(companyRandom, i, id, ws, epoch));
  });
  const peopled = ws.companyOrder.filter((_, i) => !hasNoPeople(i));
  const total = sizes.contacts + sizes.leads;
  for (let n = 0; n < total; n++) {
    const role = n < sizes.contacts ? "user" : "lead";
    const c = seedContact(random, n, role, ws, sizes, epoch, peopled);
    ws.contacts.set(c.id, c);
    ws.contactOrder.push(c.id);
  }
  seedMemberships(ws, prng((seed ^ 0xc1) >>> 0), peopled);
  for (let n = 0; n < sizes.conversations; n++) {
    const conversation = seedConversation(random, n, ws, sizes, epoch);
    ws.conversations.set(conversation.id, conversation);
    ws.conversationOrder.push(conversation.id);
  }
  // Derived from n, not drawn: ids no seeded conversation has, deleted over the last year.
  for (let n = 0; n < sizes.deletedConversations; n++)
    ws.deletedConversations.push({
      id: String(90_000_000 + n),
      deletedAt: epoch - 365 * DAY + Math.floor((n * 365 * DAY) / sizes.deletedConversations),
    });
  return ws;
}

function seedConversation(
  random: () => number,
  n: number,
  ws: Workspace,
  sizes: SeedSizes,
  epoch: number,
): ConversationRecord {
  const contactId = ws.contactOrder[Math.floor(random() * ws.contactOrder.length)] ?? "";
  const createdAt = epoch - Math.floor(random() * 120 * DAY);
  const state = pick(random, ["open", "closed", "closed", "snoozed"] as const);
  // One in 500 conversations is longer than Intercom's 500-part cap. One draw in every branch,
  // so long conversations leave the other seeded values as they were.
  const long = sizes.longConversationEvery > 0 && n % sizes.longConversationEvery === 3;
  const partsCount =
    n % 500 === 7
      ? 520 + Math.floor(random() * 40)
      : long
        ? 300 + Math.floor(random() * 201)
        : Math.max(1, Math.round(random() * 2 * sizes.partsPerConversation));
  const updatedAt = Math.min(epoch, createdAt + Math.floor(random() * 10 * DAY));
  return {
    id: String(100_000_000 + n),
    createdAt,
    updatedAt,
    seededUntil: updatedAt,
    state,
    read: random() < 0.7,
    priority: random() < 0.8 ? "not_priority" : "priority",
    title: random() < 0.2 ? "Billing question" : null,
    adminAssigneeId: ws.admins.length && random() < 0.7 ? pick(random, ws.admins).id : null,
    teamAssigneeId: random() < 0.5 ? "9000" : null,
    contactId,
    partsCount,
    // Derived from n, not drawn (as tagIds): a few were started without an opening message
    // Intercom can show (phone, API, workflows), and answer `source: null`.
    ...(n % 9 === 5 ? { sourceless: true } : {}),
    rating:
      state === "closed" && random() < 0.4
        ? { rating: 1 + Math.floor(random() * 5), remark: null, createdAt: createdAt + DAY }
        : null,
    // Derived from n, not drawn: adding it kept every other seeded value as it was.
    tagIds: n % 5 === 0 && ws.tags.size > 0 ? [String(1000 + ((n / 5) % ws.tags.size))] : [],
    extraParts: [],
  };
}
