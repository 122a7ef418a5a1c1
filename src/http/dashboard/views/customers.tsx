import type { CustomerRow } from "../../../dashboard/data/customers.ts";
import { daysSince, money, num, yesNo } from "./format.ts";

export const customerHref = (email: string) => `/dashboard/customers/${encodeURIComponent(email)}`;

/** One table of customers: the columns an operator weighs value and risk by. */
export function CustomerTable(props: { rows: CustomerRow[]; now: Date; empty: string }) {
  if (props.rows.length === 0) return <p class="muted">{props.empty}</p>;
  return (
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th>Email</th>
            <th>Plan</th>
            <th class="n">MRR</th>
            <th class="n">Days since seen</th>
            <th class="n">Open conv.</th>
            <th>Cancel intent</th>
            <th class="n">CSAT</th>
            <th class="n">Quality</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((c) => (
            <tr>
              <td>
                <a href={customerHref(c.email)}>{c.email}</a>
                {c.delinquent ? <span class="badge s-failed">delinquent</span> : null}
              </td>
              <td>{c.planName ?? "–"}</td>
              <td class="n">{money(c.mrr)}</td>
              <td class="n">{num(daysSince(c.lastSeenAt, props.now))}</td>
              <td class="n">{num(c.conversationsOpen)}</td>
              <td>{yesNo(c.cancelIntent30d)}</td>
              <td class="n">{c.averageCsat === null ? "–" : c.averageCsat.toFixed(1)}</td>
              <td class="n">{num(c.qualityScore)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CustomersSection(props: {
  atRisk: CustomerRow[];
  highValue: CustomerRow[];
  query: string | undefined;
  found: CustomerRow[] | null;
  highValueMrr: number;
  now: Date;
}) {
  return (
    <>
      <form method="get" action="/dashboard#customers" class="search">
        <label for="q">Search by email</label>
        <input id="q" name="q" type="search" value={props.query ?? ""} maxlength={255} />
        <button type="submit">Search</button>
      </form>
      {props.found ? (
        <>
          <h3>Matching “{props.query}”</h3>
          <CustomerTable rows={props.found} now={props.now} empty="No customer matches." />
        </>
      ) : null}
      <h3>At risk</h3>
      <CustomerTable rows={props.atRisk} now={props.now} empty="No customer at risk." />
      <h3>High value (MRR over {money(props.highValueMrr)})</h3>
      <CustomerTable rows={props.highValue} now={props.now} empty="No high-value customer." />
    </>
  );
}
