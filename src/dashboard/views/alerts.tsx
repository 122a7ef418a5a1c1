import type { LatestAlert } from "../data/alerts.ts";
import { customerHref } from "./customers.tsx";
import { time } from "./format.ts";

/** The latest alerts, grouped by kind; each names its customer, linked to their page. */
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
                  <a href={customerHref(a.email)}>{a.email}</a>{" "}
                  <span class="muted">{time(a.createdAt)}</span>
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
