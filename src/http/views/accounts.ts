import { isAtRisk } from "../../accounts/health.ts";
import type { Account, AccountOfCustomer, AccountPerson } from "../../accounts/read.ts";
import type { Alert } from "../../customers/read.ts";
import { alertView } from "./alerts.ts";

/** An account as the API shows it (`GET /v1/accounts`, one account). */
export function accountView(a: Account) {
  return {
    company_id: a.companyId,
    intercom_id: a.intercomId,
    name: a.name,
    plan: a.plan,
    monthly_spend: a.monthlySpend,
    mrr: a.mrr,
    previous_mrr: a.previousMrr,
    arr: a.arr,
    ltv: a.ltv,
    people_count: a.peopleCount,
    people_seen_30d: a.peopleSeen30d,
    customers_count: a.customersCount,
    open_conversations: a.openConversations,
    conversations_30d: a.conversations30d,
    cancel_mentions: a.cancelMentions,
    delinquent_people: a.delinquentPeople,
    health: a.health,
    at_risk: isAtRisk(a.health),
    derived_at: a.derivedAt,
  };
}

const personView = (p: AccountPerson) => ({
  contact_id: p.contactId,
  name: p.name,
  email: p.email,
  role: p.role,
  mrr: p.mrr,
});

/** `GET /v1/accounts/{company_id}`: the account, its people (bounded) and latest alerts. */
export const accountDetailView = (
  account: Account,
  people: { people: readonly AccountPerson[]; truncated: boolean },
  latest: readonly Alert[],
) => ({
  ...accountView(account),
  people: people.people.map(personView),
  people_truncated: people.truncated,
  alerts: latest.map(alertView),
});

/** An account as a customer's record names it. */
export const accountRefView = (a: AccountOfCustomer) => ({
  intercom_id: a.intercomId,
  company_id: a.companyId,
  name: a.name,
});
