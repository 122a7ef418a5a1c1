import type { Executor } from "../../db/client.ts";
import { isErasedMarker } from "../../erasure/marker.ts";
import { type Sighting, suppressedAmong } from "../../erasure/on-sight.ts";
import type { ActiveSuppression } from "../../erasure/suppression.ts";
import type { Delivery } from "../envelope.ts";
import type { DeliveryRef } from "../inbox.ts";
import { actionFor, type TopicAction } from "../topics.ts";
import { contactSubjectOf, conversationPeopleOf } from "./people.ts";
import type { DeliveryOutcome } from "./plan.ts";

/** Topics whose item is one contact: skipped whole when that contact is a suppressed person. */
const CONTACT_ACTIONS = new Set<TopicAction>([
  "contact.upsert",
  "contact.archive",
  "contact.unarchive",
  "contact.merge",
  "contact.tag",
  "contact.untag",
]);

interface Screened {
  /** What goes on to the planner. */
  toPlan: Delivery[];
  /** Ignored here, with the reason. */
  outcomes: Map<string, DeliveryOutcome>;
  /** Ignored deliveries whose stored content is dropped (it is not ours, or an erased person's). */
  drop: DeliveryRef[];
  /** Contacts that are a suppressed person: erased on sight (src/erasure/on-sight.ts). */
  caught: Map<string, ActiveSuppression>;
}

const foreignReason = (appId: string, configured: string) =>
  `for workspace ${appId}, not this deployment's INTERCOM_WORKSPACE_ID (${configured}): never applied, and its content is not kept`;

const suppressedReason = (id: string) =>
  `about an erased person: not applied while suppression ${id} is in force (an operator lifts it with DELETE /v1/suppressions/${id})`;

/**
 * Before planning, in the batch's transaction: a delivery for another workspace is never
 * applied (its people are not ours to hold, and no erasure of ours would find them), and one
 * about a suppressed person is not re-applied. Both are stored as `ignored` with the reason,
 * their content dropped. A conversation naming a suppressed person is still applied: their
 * contact is erased on sight first, so the conversation's usual redaction blanks their part.
 */
export async function screenDeliveries(
  db: Executor,
  deliveries: readonly Delivery[],
  deps: { workspaceId: string; hashKey: string },
): Promise<Screened> {
  const screened: Screened = { toPlan: [], outcomes: new Map(), drop: [], caught: new Map() };
  const ours: Array<{ delivery: Delivery; subject: Sighting | null }> = [];
  const sightings: Sighting[] = [];
  for (const delivery of deliveries) {
    const ref = { workspaceId: delivery.workspaceId, deliveryKey: delivery.deliveryKey };
    if (delivery.workspaceId !== deps.workspaceId) {
      const reason = foreignReason(delivery.workspaceId, deps.workspaceId);
      screened.outcomes.set(delivery.deliveryKey, { status: "ignored", reason });
      screened.drop.push(ref);
      continue;
    }
    const item = isErasedMarker(delivery.payload) ? null : delivery.payload.data.item;
    const action = actionFor(delivery.topic);
    const subject = item !== null && CONTACT_ACTIONS.has(action) ? contactSubjectOf(item) : null;
    if (subject) sightings.push(subject);
    if (item !== null && action === "conversation.upsert")
      sightings.push(...conversationPeopleOf(item));
    ours.push({ delivery, subject });
  }
  screened.caught = await suppressedAmong(db, deps.hashKey, sightings);
  for (const { delivery, subject } of ours) {
    // By contact id too: an earlier delivery of the batch may be what showed it is theirs.
    const suppression = subject ? screened.caught.get(subject.contactId) : undefined;
    if (!suppression) {
      screened.toPlan.push(delivery);
      continue;
    }
    screened.outcomes.set(delivery.deliveryKey, {
      status: "ignored",
      reason: suppressedReason(suppression.id),
    });
    screened.drop.push({ workspaceId: delivery.workspaceId, deliveryKey: delivery.deliveryKey });
  }
  return screened;
}
