import type { CustomerRow } from "../data/customers.ts";
import { CustomerTable, SearchForm } from "./customers.tsx";
import { Layout } from "./layout.tsx";

/** What a search by email found, when it is not exactly one customer (or why it ran no search). */
export function searchPage(props: {
  query: string;
  found: CustomerRow[] | null;
  problem?: string;
  operator: string;
  now: Date;
}) {
  return (
    "<!doctype html>" +
    (
      <Layout title="Customer search · intercom-bridge" operator={props.operator}>
        <p>
          <a href="/dashboard#customers">← Dashboard</a>
        </p>
        <section class="card">
          <h1>Customers</h1>
          <SearchForm query={props.query} />
          {props.problem ? <p class="error">{props.problem}</p> : null}
          {props.found ? (
            <>
              <h3>Matching “{props.query}”</h3>
              <CustomerTable rows={props.found} now={props.now} empty="No customer matches." />
            </>
          ) : null}
        </section>
      </Layout>
    )
  );
}
