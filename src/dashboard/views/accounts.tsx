import { AT_RISK_HEALTH, isAtRisk } from "../../accounts/health.ts";
import type { AccountRow } from "../data/accounts.ts";
import { money, num } from "./format.ts";
import { Layout } from "./layout.tsx";

/** An account's page is addressed by Intercom's id: every company has one, unlike a company id. */
export const accountHref = (intercomId: string) =>
  `/dashboard/accounts/${encodeURIComponent(intercomId)}`;

export const accountLabel = (a: {
  name: string | null;
  companyId: string | null;
  intercomId: string;
}) => a.name ?? a.companyId ?? a.intercomId;

/** Health out of 100, marked when below the at-risk line. */
export function Health(props: { health: number }) {
  return isAtRisk(props.health) ? (
    <span class="badge s-failed">{props.health} at risk</span>
  ) : (
    <span>{props.health}</span>
  );
}

/** One table of accounts: the columns an operator weighs value and risk by. */
export function AccountTable(props: { rows: AccountRow[]; empty: string }) {
  if (props.rows.length === 0) return <p class="muted">{props.empty}</p>;
  return (
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th>Account</th>
            <th>Company id</th>
            <th>Plan</th>
            <th class="n">MRR</th>
            <th class="n">Health</th>
            <th class="n">People</th>
            <th class="n">Open conv.</th>
            <th class="n">Delinquent</th>
            <th class="n">Cancel talk</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((a) => (
            <tr data-account={a.intercomId}>
              <td>
                <a href={accountHref(a.intercomId)}>{accountLabel(a)}</a>
              </td>
              <td>
                <code>{a.companyId ?? "–"}</code>
              </td>
              <td>{a.plan ?? "–"}</td>
              <td class="n">{money(a.mrr)}</td>
              <td class="n">
                <Health health={a.health} />
              </td>
              <td class="n">{num(a.peopleCount)}</td>
              <td class="n">{num(a.openConversations)}</td>
              <td class="n">{num(a.delinquentPeople)}</td>
              <td class="n">{num(a.cancelMentions)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Search by name or company id: a GET (company names and ids are the customer's business
 * data, not a person's, and `GET /v1/accounts?q=` takes them in the URL too).
 */
export function AccountSearchForm(props: { query?: string }) {
  return (
    <form method="get" action="/dashboard/accounts" class="search">
      <label for="account-q">Search by name or company id</label>
      <input
        id="account-q"
        name="q"
        type="search"
        value={props.query ?? ""}
        maxlength={200}
        required
      />
      <button type="submit">Search</button>
    </form>
  );
}

export interface AccountsPageProps {
  atRisk: AccountRow[];
  highValue: AccountRow[];
  highValueMrr: number;
  search: { query: string; found: AccountRow[]; more: boolean } | null;
  operator: string;
}

/** `/dashboard/accounts`: at-risk and high-value accounts, and a search. */
export function accountsPage(props: AccountsPageProps) {
  const { search } = props;
  return (
    "<!doctype html>" +
    (
      <Layout title="Accounts · intercom-bridge" operator={props.operator}>
        <p>
          <a href="/dashboard">← Dashboard</a>
        </p>
        <section class="card" id="accounts">
          <h1>Accounts</h1>
          <AccountSearchForm query={search?.query ?? ""} />
          {search ? (
            <div id="account-search">
              <h3>Matching “{search.query}”</h3>
              <AccountTable rows={search.found} empty="No account matches." />
              {search.more ? (
                <p class="muted">The first {search.found.length} by MRR; narrow the search.</p>
              ) : null}
            </div>
          ) : null}
          <h3>At risk (health below {AT_RISK_HEALTH})</h3>
          <div id="accounts-at-risk">
            <AccountTable rows={props.atRisk} empty="No account at risk." />
          </div>
          <h3>High value (MRR over {money(props.highValueMrr)})</h3>
          <div id="accounts-high-value">
            <AccountTable rows={props.highValue} empty="No high-value account." />
          </div>
        </section>
      </Layout>
    )
  );
}
