import { type CustomerRow, SEARCH_MIN_LENGTH } from "../data/customers.ts";
import { daysSince, money, num, yesNo } from "./format.ts";

/** A customer's page is addressed by its id: an email in a URL reaches platform logs. */
export const customerHref = (id: string) => `/dashboard/customers/${id}`;

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
                <a href={customerHref(c.id)}>{c.email}</a>
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

/**
 * Search by email is a form post (the email travels in the body, never the URL): one match
 * goes to that customer's page, several are listed on the answer (routes/customer-search.ts).
 */
export function SearchForm(props: { query?: string }) {
  return (
    <form method="post" action="/dashboard/customers/search" class="search">
      <label for="q">Search by email</label>
      <input
        id="q"
        name="q"
        type="search"
        value={props.query ?? ""}
        minlength={SEARCH_MIN_LENGTH}
        maxlength={255}
        required
      />
      <button type="submit">Search</button>
    </form>
  );
}

export function CustomersSection(props: {
  atRisk: CustomerRow[];
  highValue: CustomerRow[];
  highValueMrr: number;
  now: Date;
}) {
  return (
    <>
      <SearchForm />
      <h3>At risk</h3>
      <CustomerTable rows={props.atRisk} now={props.now} empty="No customer at risk." />
      <h3>High value (MRR over {money(props.highValueMrr)})</h3>
      <CustomerTable rows={props.highValue} now={props.now} empty="No high-value customer." />
    </>
  );
}
