import { and, desc, eq, ilike, sql } from "drizzle-orm";
import { accountsOfCustomer } from "../../accounts/read.ts";
import { highValueWhere } from "../../customers/high-value.ts";
import { atRisk } from "../../customers/read.ts";
import type { Executor } from "../../db/client.ts";
import { conversations } from "../../db/schema/conversations.ts";
import { customers } from "../../db/schema/customers.ts";

/** What the dashboard lists of a customer. */
const columns = {
  id: customers.id,
  email: customers.email,
  name: customers.name,
  mrr: customers.mrr,
  planName: customers.planName,
  lastSeenAt: customers.lastSeenAt,
  conversationsOpen: customers.conversationsOpen,
  cancelIntent30d: customers.cancelIntent30d,
  averageCsat: customers.averageCsat,
  qualityScore: customers.qualityScore,
  delinquent: customers.delinquent,
  subscriptionStatus: customers.subscriptionStatus,
};

const byMrr = [sql`${customers.mrr} desc nulls last`, customers.email];

/** At risk and high value (each by its rule in src/customers/), most revenue first. */
export async function customerLists(
  db: Executor,
  workspaceId: string,
  highValueMrr: number,
  limit = 10,
) {
  const mine = eq(customers.workspaceId, workspaceId);
  const risky = await db
    .select(columns)
    .from(customers)
    .where(and(mine, atRisk))
    .orderBy(...byMrr)
    .limit(limit);
  const valuable = await db
    .select(columns)
    .from(customers)
    .where(and(mine, highValueWhere(highValueMrr)))
    .orderBy(...byMrr)
    .limit(limit);
  return { atRisk: risky, highValue: valuable };
}

/** The shortest search customers_email_trgm_idx serves: a trigram is three characters. */
export const SEARCH_MIN_LENGTH = 3;

/**
 * Customers whose email contains `query` (case-insensitive; `%` and `_` match themselves), of
 * at least SEARCH_MIN_LENGTH characters: a shorter one has no trigram and would read them all.
 */
export async function searchCustomers(
  db: Executor,
  workspaceId: string,
  query: string,
  limit = 20,
) {
  const pattern = `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select(columns)
    .from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), ilike(customers.email, pattern)))
    .orderBy(customers.email)
    .limit(limit);
}

/**
 * A customer, by the id their page is addressed by, their latest conversations (through the
 * contact the record came from) and the accounts their contacts belong to.
 */
export async function customerWithConversations(db: Executor, workspaceId: string, id: string) {
  const [customer] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, id)));
  if (!customer) return null;
  const contactId = customer.contactId;
  const rows = contactId
    ? await db
        .select({
          id: conversations.id,
          title: conversations.title,
          state: conversations.state,
          createdAt: conversations.intercomCreatedAt,
          updatedAt: conversations.intercomUpdatedAt,
          rating: conversations.rating,
          mentionsCancel: conversations.openingMentionsCancel,
          sourceBody: conversations.sourceBody,
        })
        .from(conversations)
        .where(
          and(
            eq(conversations.workspaceId, workspaceId),
            sql`${conversations.contactIds} @> array[${contactId}]::text[]`,
            sql`${conversations.deletedAt} is null`,
          ),
        )
        .orderBy(desc(conversations.intercomUpdatedAt))
        .limit(50)
    : [];
  const companies = await accountsOfCustomer(db, workspaceId, customer.email);
  return { customer, conversations: rows, accounts: companies };
}

export type CustomerRow = Awaited<ReturnType<typeof searchCustomers>>[number];
