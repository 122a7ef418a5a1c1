import type { LatestAlert } from "../data/alerts.ts";
import { accountHref } from "./accounts.tsx";
import { customerHref } from "./customers.tsx";
import { time } from "./format.ts";

/**
 * Whom an alert is about, linked to their page: a customer by the record's id (never the
 * email in a URL), an account by its Intercom id. A subject whose record is gone since (an
 * erased customer, a deleted company) is named without a link.
 */
function Subject({ alert: a }: { alert: LatestAlert }) {
  if (a.accountId !== null) {
    const label = `account ${a.accountName ?? a.accountId}`;
    return !a.accountFound ? <span>{label}</span> : <a href={accountHref(a.accountId)}>{label}</a>;
  }
  return a.customerId === null ? (
    <span>{a.email}</span>
  ) : (
    <a href={customerHref(a.customerId)}>{a.email}</a>
  );
}

/** The latest alerts, grouped by kind; each names its customer or account, linked to their page. */
export function AlertsSection({ alerts }: { alerts: LatestAlert[] }) {
  if (alerts.length === 0) return <p class="muted">No alerts.</p>;
  const kinds = [...new Set(alerts.map((a) => a.kind))];
  return (
    <div class="grid">
      {kinds.map((kind) => (
        <div class="stat">
          <h3>{kind.replaceAll("_", " ")}</h3>
          <ul class="plain">
            {alerts
              .filter((a) => a.kind === kind)
              .map((a) => (
                <li>
                  <Subject alert={a} /> <span class="muted">{time(a.createdAt)}</span>
                  <br />
                  {a.message}
                </li>
              ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
