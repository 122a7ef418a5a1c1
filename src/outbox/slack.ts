import { SlackError, UndeliverableError } from "./errors.ts";
import type { PayloadOf } from "./payloads.ts";

/** Posts one alert to the incoming-webhook URL (SLACK_WEBHOOK_URL). */
export async function postToSlack(
  alert: PayloadOf<"slack.alert">,
  url: string | undefined,
  fetcher: typeof fetch = fetch,
) {
  if (!url) throw new UndeliverableError("SLACK_WEBHOOK_URL is not set");
  const res = await fetcher(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text: alert.text }),
    signal: AbortSignal.timeout(10_000),
  });
  // Nothing in Slack's answer is read; an unread body would hold one of the invocation's six
  // connections until it is collected.
  await res.body?.cancel().catch(() => {});
  if (res.ok) return { posted: true };
  const after = Number(res.headers.get("retry-after"));
  const retryAt =
    res.status === 429 && Number.isFinite(after) && after > 0
      ? new Date(Date.now() + after * 1000)
      : null;
  throw new SlackError(res.status, retryAt);
}
