import type { TextMatcher } from "../conversations/transform.ts";
import type { AlertDraft } from "../customers/alerts.ts";
import type { Database } from "../db/client.ts";
import { eraseOnSight } from "../erasure/on-sight.ts";
import { dropDeliveryContent } from "../erasure/scrub.ts";
import type { Clock } from "../shared/clock.ts";
import { errorMessage } from "../shared/errors.ts";
import type { Logger } from "../shared/logger.ts";
import { type DeliveryOutcome, planDeliveries } from "./apply/plan.ts";
import { screenDeliveries } from "./apply/screen.ts";
import { writePlan } from "./apply/write.ts";
import type { Delivery } from "./envelope.ts";
import {
  type DeliveryRef,
  deliveryRefKey,
  loadUnapplied,
  markDeliveries,
  storeDeliveries,
} from "./inbox.ts";
import { refOf, type WebhookMessage } from "./messages.ts";

export interface ProcessDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  /** From CANCEL_KEYWORDS, as the sync uses: a conversation is judged the same either way. */
  mentionsCancel: TextMatcher;
  /** INTERCOM_WORKSPACE_ID: deliveries for any other workspace are never applied. */
  workspaceId: string;
  /** ERASURE_HASH_KEY: deliveries about a suppressed person are not re-applied. */
  hashKey: string;
  /** Account alerts the batch raised (company webhooks), after it committed: Slack. */
  onAlerts?: (alerts: AlertDraft[]) => Promise<void>;
}

interface BatchResult {
  applied: number;
  ignored: number;
  rejected: number;
  /** Deliveries whose application failed this time and should be retried. */
  failed: DeliveryRef[];
}

/**
 * Stores the batch in the inbox, then applies everything not yet applied in one transaction
 * with one statement per table. If that transaction fails, each delivery is applied on its
 * own, so one bad delivery cannot hold back the rest. Safe to run twice on the same messages.
 */
export async function processWebhookBatch(
  messages: readonly WebhookMessage[],
  deps: ProcessDeps,
): Promise<BatchResult> {
  const inline = messages.flatMap((m) => (m.kind === "webhook.delivery" ? [m.delivery] : []));
  await storeDeliveries(deps.db, inline);
  const pending = await loadUnapplied(deps.db, messages.map(refOf));
  const result: BatchResult = { applied: 0, ignored: 0, rejected: 0, failed: [] };
  if (pending.length === 0) return result;
  try {
    await applyTogether(pending, deps, result);
  } catch (error) {
    deps.logger.warn("webhook batch failed as a whole; applying one by one", {
      deliveries: pending.length,
      error: errorMessage(error),
    });
    for (const delivery of pending) {
      try {
        await applyTogether([delivery], deps, result);
      } catch (single) {
        const ref = { workspaceId: delivery.workspaceId, deliveryKey: delivery.deliveryKey };
        result.failed.push(ref);
        await markDeliveries(
          deps.db,
          [ref],
          "failed",
          deps.clock.now(),
          errorMessage(single),
        ).catch((markError) =>
          deps.logger.error("could not record a failed delivery", {
            error: errorMessage(markError),
          }),
        );
      }
    }
  }
  return result;
}

/**
 * Screens the batch (another workspace, suppressed people: src/webhooks/apply/screen.ts), plans
 * the rest, and writes it all in one transaction, so a suppression and the writes it stops
 * are read and written together.
 */
async function applyTogether(deliveries: Delivery[], deps: ProcessDeps, result: BatchResult) {
  const now = deps.clock.now();
  const outcomes = await deps.db.transaction(async (tx) => {
    const screened = await screenDeliveries(tx, deliveries, deps);
    const plan = planDeliveries(screened.toPlan, now, deps.mentionsCancel);
    await eraseOnSight(tx, deps.hashKey, deps.workspaceId, screened.caught, now, "webhook");
    await dropDeliveryContent(tx, screened.drop);
    const alerts = await writePlan(tx, plan.writes, now);
    const all = new Map([...screened.outcomes, ...plan.outcomes]);
    await recordOutcomes(tx, deliveries, all, now);
    return { all, alerts };
  });
  for (const outcome of outcomes.all.values()) result[outcome.status] += 1;
  if (outcomes.alerts.length > 0)
    await deps
      .onAlerts?.(outcomes.alerts)
      .catch((error: unknown) =>
        deps.logger.warn("account alerts stored but not sent", { error: errorMessage(error) }),
      );
}

async function recordOutcomes(
  tx: Parameters<typeof writePlan>[0],
  deliveries: Delivery[],
  outcomes: ReadonlyMap<string, DeliveryOutcome>,
  now: Date,
) {
  const applied: DeliveryRef[] = [];
  // A handful of distinct reasons a batch at most: one statement each.
  const ignored = new Map<string, DeliveryRef[]>();
  const seen = new Set<string>();
  for (const delivery of deliveries) {
    const ref = { workspaceId: delivery.workspaceId, deliveryKey: delivery.deliveryKey };
    if (seen.has(deliveryRefKey(ref))) continue;
    seen.add(deliveryRefKey(ref));
    const outcome = outcomes.get(delivery.deliveryKey);
    if (!outcome) continue;
    if (outcome.status === "rejected") await markDeliveries(tx, [ref], "dead", now, outcome.error);
    else if (outcome.status === "ignored")
      ignored.set(outcome.reason, [...(ignored.get(outcome.reason) ?? []), ref]);
    else applied.push(ref);
  }
  await markDeliveries(tx, applied, "applied", now);
  for (const [reason, refs] of ignored)
    await markDeliveries(tx, refs, "ignored", now, null, reason);
}
