import { type AlertDraft, MRR_CHANGE_RATIO } from "../customers/alerts.ts";

/** An account's stored figures (null before its first derivation) and its new ones. */
interface Before {
  mrr: number | null;
  delinquentPeople: number | null;
  cancelMentions: number | null;
}
interface After {
  mrr: number;
  delinquentPeople: number;
  cancelMentions: number;
}

/**
 * Account alerts fire on transitions between the stored figures and the new ones, as customer
 * alerts do, never on a steady state nor on an account's first derivation (its baseline):
 * its first people becoming delinquent, its first cancel mention, an MRR change by more than
 * MRR_CHANGE_RATIO, as for a customer. `at` keys each to its change.
 */
export function accountAlerts(
  accountId: string,
  name: string | null,
  before: Before,
  after: After,
  at: Date,
): AlertDraft[] {
  if (before.mrr === null) return [];
  const label = name ?? accountId;
  const when = at.toISOString();
  const base = { email: null, accountId };
  const out: AlertDraft[] = [];
  if (after.delinquentPeople > 0 && (before.delinquentPeople ?? 0) === 0)
    out.push({
      ...base,
      kind: "delinquent",
      changeKey: `account:delinquent:${when}`,
      message: `Account ${label} has ${after.delinquentPeople} delinquent customer(s)`,
      details: { delinquent_people: after.delinquentPeople, mrr: after.mrr },
    });
  if (after.cancelMentions > 0 && (before.cancelMentions ?? 0) === 0)
    out.push({
      ...base,
      kind: "cancel_intent",
      changeKey: `account:cancel:${when}`,
      message: `Someone at account ${label} mentioned cancelling in a recent conversation`,
      details: { cancel_mentions: after.cancelMentions },
    });
  if (before.mrr > 0) {
    const change = (after.mrr - before.mrr) / before.mrr;
    if (Math.abs(change) > MRR_CHANGE_RATIO)
      out.push({
        ...base,
        kind: "mrr_change",
        changeKey: `account:mrr:${before.mrr}->${after.mrr}:${when}`,
        message: `Account ${label} MRR changed ${Math.round(change * 100)}%: $${before.mrr.toFixed(2)} → $${after.mrr.toFixed(2)}`,
        details: { previous_mrr: before.mrr, mrr: after.mrr, change },
      });
  }
  return out;
}
