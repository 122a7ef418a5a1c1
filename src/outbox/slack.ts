import { createSlots, SLACK_CONNECTIONS, type Slots } from "../shared/connections.ts";
import { SlackError, UndeliverableError } from "./errors.ts";
import type { PayloadOf } from "./payloads.ts";

/**
 * Posts one alert to the incoming-webhook URL (SLACK_WEBHOOK_URL), holding one of
 * `connections` from before its timeout starts until its answer is done with: alert rows
 * delivered side by side would otherwise each open a connection beside Intercom's.
 */
export async function postToSlack(
  alert: PayloadOf<"slack.alert">,
  url: string | undefined,
  fetcher: typeof fetch = fetch,
  connections: Slots = createSlots(SLACK_CONNECTIONS),
) {
  if (!url) throw new UndeliverableError("SLACK_WEBHOOK_URL is not set");
  const res = await connections.use(async () => {
    const answer = await fetcher(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: alert.text }),
      signal: AbortSignal.timeout(10_000),
    });
    // Nothing in Slack's answer is read; an unread body would hold the connection until it is
    // collected.
    await answer.body?.cancel().catch(() => {});
    return answer;
  });
  if (res.ok) return { posted: true };
  const after = Number(res.headers.get("retry-after"));
  const retryAt =
    res.status === 429 && Number.isFinite(after) && after > 0
      ? new Date(Date.now() + after * 1000)
      : null;
  throw new SlackError(res.status, retryAt);
}
