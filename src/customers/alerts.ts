import type { AlertKind } from "../db/schema/customers.ts";
import { isHighValue } from "./high-value.ts";

export interface CustomerState {
  email: string;
  mrr: number | null;
  delinquent: boolean | null;
  cancelIntent30d: boolean | null;
  contactUpdatedAt: Date | null;
}

export interface AlertDraft {
  /** The customer it is about, or null when it is about an account. */
  email: string | null;
  /** The account it is about (its company's Intercom id), or null when it is about a customer. */
  accountId: string | null;
  kind: AlertKind;
  /** With (subject, kind), what makes the alert unique: one alert per change, not per run. */
  changeKey: string;
  message: string;
  details: Record<string, unknown>;
}

export interface AlertSettings {
  highValueMrr: number;
  mrrChangeRatio: number;
}

/** An MRR change by more than this fraction of the MRR before it raises an alert. */
export const MRR_CHANGE_RATIO = 0.5;

const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  highValueMrr: 500,
  mrrChangeRatio: MRR_CHANGE_RATIO,
};

/**
 * A customer mentioned cancelling. Keyed by the conversation when the support refresh knows
 * it, else by the contact update that first saw the flag set.
 */
export function cancelIntentAlert(
  email: string,
  seen: { conversationId: string } | { contactUpdatedAt: string },
): AlertDraft {
  const conversation = "conversationId" in seen;
  return {
    email,
    accountId: null,
    kind: "cancel_intent",
    changeKey: conversation
      ? `cancel:conversation:${seen.conversationId}`
      : `cancel:${seen.contactUpdatedAt}`,
    message: `${email} mentioned cancelling in a recent conversation`,
    details: conversation ? { conversation_id: seen.conversationId } : {},
  };
}

/** Alerts fire on transitions between the stored state and the new one, never on a steady state. */
export function alertsFor(
  before: CustomerState | undefined,
  after: CustomerState,
  settings: AlertSettings = DEFAULT_ALERT_SETTINGS,
): AlertDraft[] {
  const out: AlertDraft[] = [];
  const at = after.contactUpdatedAt?.toISOString() ?? "unknown";
  const mrr = after.mrr ?? 0;
  const previous = before?.mrr ?? null;
  if (
    isHighValue(after.mrr, settings.highValueMrr) &&
    !isHighValue(previous, settings.highValueMrr)
  ) {
    out.push({
      email: after.email,
      accountId: null,
      kind: "high_value",
      changeKey: `above:${settings.highValueMrr}:${at}`,
      message: `${after.email} is now a high-value customer: MRR $${mrr.toFixed(2)}`,
      details: { mrr, previous_mrr: previous },
    });
  }
  if (after.delinquent === true && before?.delinquent !== true) {
    out.push({
      email: after.email,
      accountId: null,
      kind: "delinquent",
      changeKey: `delinquent:${at}`,
      message: `${after.email} has a delinquent payment`,
      details: { mrr },
    });
  }
  if (after.cancelIntent30d === true && before?.cancelIntent30d !== true) {
    out.push(cancelIntentAlert(after.email, { contactUpdatedAt: at }));
  }
  if (previous !== null && previous > 0 && after.mrr !== null) {
    const change = (after.mrr - previous) / previous;
    if (Math.abs(change) > settings.mrrChangeRatio) {
      out.push({
        email: after.email,
        accountId: null,
        kind: "mrr_change",
        changeKey: `mrr:${previous}->${after.mrr}:${at}`,
        message: `${after.email} MRR changed ${Math.round(change * 100)}%: $${previous.toFixed(2)} → $${after.mrr.toFixed(2)}`,
        details: { previous_mrr: previous, mrr: after.mrr, change },
      });
    }
  }
  return out;
}
