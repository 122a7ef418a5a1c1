import type { AccountDetail } from "../data/accounts.ts";
import { accountLabel, Health } from "./accounts.tsx";
import { customerHref } from "./customers.tsx";
import { Facts } from "./facts.tsx";
import { money, num, time } from "./format.ts";
import { Layout } from "./layout.tsx";

/** One account: its figures, its people (most MRR first, bounded) and its latest alerts. */
export function accountPage(props: { detail: AccountDetail; operator: string }) {
  const { account: a, people, truncated, alerts } = props.detail;
  const facts: Array<[string, string]> = [
    ["Company id", a.companyId ?? "–"],
    ["Intercom id", a.intercomId],
    ["Plan", a.plan ?? "–"],
    ["MRR", money(a.mrr)],
    ["Previous MRR", money(a.previousMrr)],
    ["ARR", money(a.arr)],
    ["LTV", money(a.ltv)],
    ["Monthly spend (Intercom)", money(a.monthlySpend)],
    ["People", num(a.peopleCount)],
    ["Seen in 30 days", num(a.peopleSeen30d)],
    ["Customers", num(a.customersCount)],
    ["Open conversations", num(a.openConversations)],
    ["Conversations (30 d)", num(a.conversations30d)],
    ["Cancel mentions (30 d)", num(a.cancelMentions)],
    ["Delinquent people", num(a.delinquentPeople)],
    ["Derived", time(a.derivedAt)],
  ];
  const label = accountLabel(a);
  return (
    "<!doctype html>" +
    (
      <Layout title={`${label} · intercom-bridge`} operator={props.operator}>
        <p>
          <a href="/dashboard">← Dashboard</a> · <a href="/dashboard/accounts">Accounts</a>
        </p>
        <section class="card">
          <h1>{label}</h1>
          <p>
            Health <Health health={a.health} />
          </p>
          <Facts facts={facts} />
        </section>
        <section class="card" id="people">
          <h2>People</h2>
          {people.length === 0 ? (
            <p class="muted">No one is attached to this company.</p>
          ) : (
            <div class="scroll">
              <table>
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Email</th>
                    <th>Role</th>
                    <th class="n">MRR</th>
                    <th>Contact id</th>
                  </tr>
                </thead>
                <tbody>
                  {people.map((p) => (
                    <tr data-contact={p.contactId}>
                      <td>{p.name ?? "–"}</td>
                      <td>
                        {p.customerId ? (
                          <a href={customerHref(p.customerId)}>{p.email}</a>
                        ) : (
                          (p.email ?? "–")
                        )}
                      </td>
                      <td>{p.role ?? "–"}</td>
                      <td class="n">{money(p.mrr)}</td>
                      <td>
                        <code>{p.contactId}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {truncated ? (
            <p class="muted">
              The {people.length} with most MRR of {num(a.peopleCount)}.
            </p>
          ) : null}
        </section>
        <section class="card" id="account-alerts">
          <h2>Alerts</h2>
          {alerts.length === 0 ? (
            <p class="muted">No alerts.</p>
          ) : (
            <ul class="plain">
              {alerts.map((x) => (
                <li data-alert={x.kind}>
                  <span class="muted">{time(x.createdAt)}</span> {x.kind.replaceAll("_", " ")}:{" "}
                  {x.message}
                </li>
              ))}
            </ul>
          )}
        </section>
      </Layout>
    )
  );
}
