import type { customerWithConversations } from "../data/customers.ts";
import { accountHref, accountLabel } from "./accounts.tsx";
import { Facts } from "./facts.tsx";
import { daysSince, money, num, time, yesNo } from "./format.ts";
import { Layout } from "./layout.tsx";

type Detail = NonNullable<Awaited<ReturnType<typeof customerWithConversations>>>;

/** One customer: revenue, support figures, their accounts and their conversations. */
export function customerPage(props: { detail: Detail; operator: string; now: Date }) {
  const { customer: c, conversations, accounts } = props.detail;
  const facts: Array<[string, string]> = [
    ["Name", c.name ?? "–"],
    ["Plan", c.planName ?? "–"],
    ["MRR", money(c.mrr)],
    ["Subscription", c.subscriptionStatus ?? "–"],
    ["Delinquent", yesNo(c.delinquent)],
    ["Days since seen", num(daysSince(c.lastSeenAt, props.now))],
    ["Open conversations", num(c.conversationsOpen)],
    ["Cancel intent (30 d)", yesNo(c.cancelIntent30d)],
    ["CSAT", c.averageCsat === null ? "–" : c.averageCsat.toFixed(1)],
    ["Quality score", num(c.qualityScore)],
  ];
  return (
    "<!doctype html>" +
    (
      <Layout title={`${c.email} · intercom-bridge`} operator={props.operator}>
        <p>
          <a href="/dashboard#customers">← Dashboard</a>
        </p>
        <section class="card">
          <h1>{c.email}</h1>
          <Facts facts={facts} />
        </section>
        <section class="card" id="customer-accounts">
          <h2>Accounts</h2>
          {accounts.length === 0 ? (
            <p class="muted">In no company.</p>
          ) : (
            <ul class="plain">
              {accounts.map((a) => (
                <li>
                  <a href={accountHref(a.intercomId)}>{accountLabel(a)}</a>{" "}
                  {a.companyId ? <code>{a.companyId}</code> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section class="card">
          <h2>Conversations</h2>
          {conversations.length === 0 ? (
            <p class="muted">No conversations.</p>
          ) : (
            <div class="scroll">
              <table>
                <thead>
                  <tr>
                    <th>Opened</th>
                    <th>State</th>
                    <th>Title or first message</th>
                    <th class="n">Rating</th>
                    <th>Cancel</th>
                  </tr>
                </thead>
                <tbody>
                  {conversations.map((v) => (
                    <tr>
                      <td>{time(v.createdAt)}</td>
                      <td>{v.state ?? "–"}</td>
                      <td>
                        <a href={`/dashboard/conversations/${encodeURIComponent(v.id)}`}>
                          {(v.title ?? v.sourceBody ?? "").slice(0, 120) || `Conversation ${v.id}`}
                        </a>
                      </td>
                      <td class="n">{num(v.rating)}</td>
                      <td>{yesNo(v.mentionsCancel)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </Layout>
    )
  );
}
