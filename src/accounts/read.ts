import { and, asc, eq, getTableColumns, gte, ilike, lt, or, type SQL, sql } from "drizzle-orm";
import { highValueWhere } from "../customers/high-value.ts";
import type { Executor } from "../db/client.ts";
import { exactText, type PageKey } from "../db/keyset.ts";
import { accounts, contactCompanies } from "../db/schema/companies.ts";
import { contacts } from "../db/schema/contacts.ts";
import { customers } from "../db/schema/customers.ts";
import { AT_RISK_HEALTH } from "./health.ts";

export type Account = typeof accounts.$inferSelect;

/** An account's people shown with it, by MRR: enough to act on, bounded for the page. */
export const PEOPLE_SHOWN = 100;
/** A customer's accounts shown on its record: a person is rarely in more than a few. */
export const CUSTOMER_ACCOUNTS_SHOWN = 50;

interface AccountFilter {
  workspaceId: string;
  /** Part of the name (any case), or exactly the company id. */
  q?: string | undefined;
  atRisk?: boolean | undefined;
  highValue?: boolean | undefined;
  highValueMrr: number;
  /** Keyset cursor: `[mrr as Postgres writes it, intercom id]` of the previous page's last row. */
  after?: PageKey | undefined;
  limit: number;
}

/** `%q%` for ILIKE, with `\`, `%` and `_` matching themselves. */
export const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Name contains `q` in any case, or the company id is `q` exactly. Three characters or more
 * make a trigram, which accounts_name_trgm_idx serves (ILIKE is one of gin_trgm_ops'
 * operators); a shorter one is matched while reading the workspace's accounts in MRR order.
 */
export const matching = (q: string): SQL | undefined =>
  or(ilike(accounts.name, containsPattern(q)), eq(accounts.companyId, q));

/** At risk: health below AT_RISK_HEALTH (src/accounts/health.ts); `false` is the rest. */
export const atRiskWhere = (wanted: boolean) =>
  wanted ? lt(accounts.health, AT_RISK_HEALTH) : gte(accounts.health, AT_RISK_HEALTH);

/**
 * After `[mrr, intercom id]` in the list's order (MRR descending, then id ascending). The
 * orders differ, so no row comparison: `mrr <= m` bounds the range accounts_mrr_idx reads,
 * and the rest picks up the ties after the id.
 */
function afterAccount(key: PageKey | undefined): SQL | undefined {
  if (!key) return undefined;
  const [mrr, id] = key;
  return sql`(${accounts.mrr} <= ${mrr}::float8 and (${accounts.mrr} < ${mrr}::float8 or ${accounts.intercomId} > ${id}))`;
}

/**
 * Accounts, most MRR first then by Intercom id (accounts_mrr_idx), `limit` rows after `after`.
 * `mrrKey` is the MRR as Postgres writes it, read back exactly for the cursor.
 */
export async function listAccounts(db: Executor, f: AccountFilter) {
  return (
    db
      .select({ ...getTableColumns(accounts), mrrKey: exactText(accounts.mrr) })
      .from(accounts)
      .where(
        and(
          eq(accounts.workspaceId, f.workspaceId),
          f.q === undefined ? undefined : matching(f.q),
          f.atRisk === undefined ? undefined : atRiskWhere(f.atRisk),
          f.highValue === undefined
            ? undefined
            : highValueWhere(f.highValueMrr, f.highValue, accounts.mrr),
          afterAccount(f.after),
        ),
      )
      // `nulls last` as accounts_mrr_idx has it (drizzle's `.desc()`): a plain `desc` is nulls
      // first, an order that index cannot give, and the list became a sort of every account.
      // MRR is never null, so the order is the same.
      .orderBy(sql`${accounts.mrr} desc nulls last`, asc(accounts.intercomId))
      .limit(f.limit)
  );
}

/**
 * One account by the customer's own company id, else by Intercom's id: one statement, the
 * company id preferred when both would match (each served by its own index).
 */
export async function findAccount(
  db: Executor,
  workspaceId: string,
  id: string,
): Promise<Account | null> {
  const [row] = await db
    .select()
    .from(accounts)
    .where(
      and(
        eq(accounts.workspaceId, workspaceId),
        or(eq(accounts.companyId, id), eq(accounts.intercomId, id)),
      ),
    )
    .orderBy(sql`(${accounts.companyId} = ${id}) is true desc`, asc(accounts.intercomId))
    .limit(1);
  return row ?? null;
}

/**
 * An account's people: contacts attached to its company, not tombstoned nor merged away (as
 * the derivation counts them), with their customer record's MRR; most MRR first, up to
 * `limit`. Asks for one more, so `truncated` says whether there were others.
 */
export async function accountPeople(
  db: Executor,
  workspaceId: string,
  intercomId: string,
  limit = PEOPLE_SHOWN,
) {
  const rows = await db
    .select({
      contactId: contacts.id,
      name: contacts.name,
      email: contacts.email,
      role: contacts.role,
      mrr: customers.mrr,
      /** What the dashboard's customer page is addressed by; null without a record. */
      customerId: customers.id,
    })
    .from(contactCompanies)
    .innerJoin(
      contacts,
      and(
        eq(contacts.workspaceId, contactCompanies.workspaceId),
        eq(contacts.id, contactCompanies.contactId),
      ),
    )
    .leftJoin(
      customers,
      and(
        eq(customers.workspaceId, contactCompanies.workspaceId),
        sql`${customers.email} = lower(${contacts.email})`,
      ),
    )
    .where(
      and(
        eq(contactCompanies.workspaceId, workspaceId),
        eq(contactCompanies.companyId, intercomId),
        eq(contactCompanies.attached, true),
        sql`${contacts.deletedAt} is null and ${contacts.mergedIntoId} is null`,
      ),
    )
    .orderBy(sql`${customers.mrr} desc nulls last`, asc(contacts.id))
    .limit(limit + 1);
  return { people: rows.slice(0, limit), truncated: rows.length > limit };
}

/**
 * The accounts a customer belongs to: those of the companies its contacts (by email, any
 * case; live, not merged away) are attached to. By name, then id; at most `limit`.
 */
export async function accountsOfCustomer(
  db: Executor,
  workspaceId: string,
  email: string,
  limit = CUSTOMER_ACCOUNTS_SHOWN,
) {
  return db
    .selectDistinct({
      intercomId: accounts.intercomId,
      companyId: accounts.companyId,
      name: accounts.name,
    })
    .from(contacts)
    .innerJoin(
      contactCompanies,
      and(
        eq(contactCompanies.workspaceId, contacts.workspaceId),
        eq(contactCompanies.contactId, contacts.id),
        eq(contactCompanies.attached, true),
      ),
    )
    .innerJoin(
      accounts,
      and(
        eq(accounts.workspaceId, contactCompanies.workspaceId),
        eq(accounts.intercomId, contactCompanies.companyId),
      ),
    )
    .where(
      and(
        eq(contacts.workspaceId, workspaceId),
        sql`lower(${contacts.email}) = ${email.toLowerCase()}`,
        sql`${contacts.deletedAt} is null and ${contacts.mergedIntoId} is null`,
      ),
    )
    .orderBy(asc(accounts.name), asc(accounts.intercomId))
    .limit(limit);
}

export type AccountOfCustomer = Awaited<ReturnType<typeof accountsOfCustomer>>[number];
export type AccountPerson = Awaited<ReturnType<typeof accountPeople>>["people"][number];
