import type { DeliveriesSummary } from "../data/deliveries.ts";
import type { OutboxSummary } from "../data/outbox.ts";
import { num, time } from "./format.ts";

const STATUSES = ["received", "applied", "ignored", "failed", "dead"] as const;

/** Deliveries of the last 24 h by topic and status, and the latest dead ones with replay. */
export function DeliveriesSection({ summary }: { summary: DeliveriesSummary }) {
  const topics = [...new Set(summary.counts.map((c) => c.topic))];
  const count = (topic: string, status: string) =>
    summary.counts.find((c) => c.topic === topic && c.status === status)?.count ?? 0;
  return (
    <>
      <h3>Last 24 hours</h3>
      {topics.length === 0 ? (
        <p class="muted">No deliveries in the last 24 hours.</p>
      ) : (
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th>Topic</th>
                {STATUSES.map((s) => (
                  <th class="n">{s}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {topics.map((topic) => (
                <tr>
                  <td>{topic}</td>
                  {STATUSES.map((s) => (
                    <td class="n">{num(count(topic, s))}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Latest dead</h3>
      {summary.dead.length === 0 ? (
        <p class="muted">No dead deliveries.</p>
      ) : (
        <>
          <ReplayAllDead />
          <ul class="dead">
            {summary.dead.map((d) => (
              <li data-delivery={d.deliveryKey}>
                <div>
                  <strong>{d.topic}</strong> <code>{d.deliveryKey}</code>{" "}
                  <span class="muted">
                    {time(d.receivedAt)} · {d.attempts} attempts
                  </span>
                  <p class="error">{d.lastError ?? "no reason recorded"}</p>
                </div>
                <form
                  method="post"
                  action="/dashboard/deliveries/replay"
                  data-inline
                  data-refresh="deliveries health audit"
                >
                  <input type="hidden" name="workspace_id" value={d.workspaceId} />
                  <input type="hidden" name="delivery_key" value={d.deliveryKey} />
                  <button type="submit">Replay</button>
                </form>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** Every dead delivery, or those of one topic, through the bulk replay (up to 1,000 a press). */
function ReplayAllDead() {
  return (
    <form
      method="post"
      action="/dashboard/deliveries/replay-dead"
      class="search actions"
      data-inline
      data-refresh="deliveries health audit"
    >
      <label for="replay-topic">Topic</label>
      <input id="replay-topic" name="topic" maxlength={200} placeholder="all topics" />
      <button type="submit">Replay all dead</button>
    </form>
  );
}

export function OutboxSection({ summary }: { summary: OutboxSummary }) {
  return (
    <>
      <div class="grid">
        <div class="stat">
          <h3>Pending</h3>
          <p class="big">{num(summary.pending)}</p>
        </div>
        <div class="stat">
          <h3>Delivered (24 h)</h3>
          <p class="big">{num(summary.delivered)}</p>
        </div>
        <div class="stat">
          <h3>Dead</h3>
          <p class="big">{num(summary.dead)}</p>
        </div>
      </div>
      {summary.latestDead.length === 0 ? (
        <p class="muted">No dead messages.</p>
      ) : (
        <ul class="dead">
          {summary.latestDead.map((m) => (
            <li data-outbox={m.id}>
              <div>
                <strong>{m.kind}</strong> <code>{m.id}</code>{" "}
                <span class="muted">
                  {time(m.updatedAt)} · {m.attempts} attempts
                </span>
                <p class="error">{m.lastError ?? "no reason recorded"}</p>
              </div>
              <form
                method="post"
                action="/dashboard/outbox/retry"
                data-inline
                data-refresh="outbox health audit"
              >
                <input type="hidden" name="id" value={m.id} />
                <button type="submit">Retry</button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
