import { and, eq } from "drizzle-orm";
import { accountPeople, listAccounts } from "../../accounts/read.ts";
import { listAlerts } from "../../customers/read.ts";
import type { Executor } from "../../db/client.ts";
import { accounts } from "../../db/schema/companies.ts";

/** At risk and high value (each by its rule), most MRR first: the Accounts page's two lists. */
export async function accountLists(
  db: Executor,
  workspaceId: string,
  highValueMrr: number,
  limit = 20,
) {
  const base = { workspaceId, highValueMrr, limit };
  const atRisk = await listAccounts(db, { ...base, atRisk: true });
  const highValue = await listAccounts(db, { ...base, highValue: true });
  return { atRisk, highValue };
}

/** Accounts whose name holds `q` or whose company id is `q`, most MRR first; `more` past `limit`. */
export async function searchAccounts(
  db: Executor,
  workspaceId: string,
  q: string,
  highValueMrr: number,
  limit = 50,
) {
  const rows = await listAccounts(db, { workspaceId, q, highValueMrr, limit: limit + 1 });
  return { found: rows.slice(0, limit), more: rows.length > limit };
}

/**
 * One account by Intercom's id (what its page is addressed by: every company has one, and it
 * names one company only), its people and its latest alerts.
 */
export async function accountWithPeople(db: Executor, workspaceId: string, intercomId: string) {
  const [account] = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.workspaceId, workspaceId), eq(accounts.intercomId, intercomId)));
  if (!account) return null;
  const people = await accountPeople(db, workspaceId, intercomId);
  const alerts = await listAlerts(db, workspaceId, 20, { accountId: intercomId });
  return { account, ...people, alerts };
}

export type AccountRow = Awaited<ReturnType<typeof listAccounts>>[number];
export type AccountDetail = NonNullable<Awaited<ReturnType<typeof accountWithPeople>>>;
