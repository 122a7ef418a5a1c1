import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { erasedAmong } from "../db/erased.ts";
import { insertFromRecordset } from "../db/recordset.ts";
import { customers } from "../db/schema/customers.ts";
import { bare, setFromExcluded, textArray } from "../db/sql.ts";
import { type AlertDraft, type AlertSettings, alertsFor } from "./alerts.ts";
import { raiseAlerts } from "./alerts-raise.ts";
import { type CustomerFromContact, qualityOf } from "./derive.ts";
import { supportPoints, supportPointsSql } from "./quality.ts";

interface CustomersWritten {
  written: number;
  qualitySum: number;
  alerts: AlertDraft[];
}

/** A stored customer as it was before this page's write. */
interface Prior {
  email: string;
  mrr: number | null;
  delinquent: boolean | null;
  cancel_intent_30d: boolean | null;
  contact_updated_at: string | null;
  conversations_total: number | null;
  average_csat: number | null;
}

const OWNED = [
  customers.contactId,
  customers.contactUpdatedAt,
  customers.name,
  customers.stripeCustomerId,
  customers.mrr,
  customers.arr,
  customers.ltv,
  customers.activeSubscriptions,
  customers.planName,
  customers.planPrice,
  customers.subscriptionStatus,
  customers.delinquent,
  customers.lastPaymentAmount,
  customers.lastPaymentAt,
  customers.lastSeenAt,
  customers.signedUpAt,
  customers.country,
  customers.city,
  customers.syncedAt,
];

/**
 * Writes a page's customers in one statement: only the columns the contact sync owns, and
 * only over a row derived from an older contact update. The same statement returns the rows
 * as they were (its snapshot precedes its own write), from which alerts are computed and
 * stored once per change (unique key).
 */
export async function writeCustomers(
  tx: Executor,
  workspaceId: string,
  rows: readonly CustomerFromContact[],
  now: Date,
  settings: AlertSettings & { baseline?: boolean },
): Promise<CustomersWritten> {
  if (rows.length === 0) return { written: 0, qualitySum: 0, alerts: [] };
  const noSupport = { conversationsTotal: null, averageCsat: null };
  const values = rows.map((r) => ({
    ...r,
    qualityScore: qualityOf(r, noSupport, now),
    syncedAt: now,
  }));
  const result = await tx.execute(sql`
    with prior as (
      select ${bare(customers.email)}, ${bare(customers.mrr)}, ${bare(customers.delinquent)},
        ${bare(customers.cancelIntent30d)}, ${bare(customers.contactUpdatedAt)},
        ${bare(customers.conversationsTotal)}, ${bare(customers.averageCsat)}
      from ${customers}
      where ${customers.workspaceId} = ${workspaceId}
        and ${customers.email} = any(${textArray(rows.map((r) => r.email))})
    ), gone as (
      -- Erased contacts: a late page must not bring their customer back.
      select distinct id from ${erasedAmong(workspaceId, textArray(rows.map((r) => r.contactId)))} as x(id)
    ), written as (
      ${insertFromRecordset(customers, values)}
      where x.contact_id not in (select id from gone)
      on conflict (${bare(customers.workspaceId)}, ${bare(customers.email)}) do update set
        ${setFromExcluded(OWNED)},
        -- The contact's points plus the support points the conversation sync gave the row.
        ${bare(customers.qualityScore)} = excluded.${bare(customers.qualityScore)}
          + ${supportPointsSql({ total: sql`${customers.conversationsTotal}`, csat: sql`${customers.averageCsat}` })},
        -- The value being replaced, for "MRR changed since the previous value".
        ${bare(customers.previousMrr)} = case when ${customers.mrr} is distinct from excluded.${bare(customers.mrr)} then ${customers.mrr} else ${customers.previousMrr} end
      where ${customers.contactUpdatedAt} is null or ${customers.contactUpdatedAt} <= excluded.${bare(customers.contactUpdatedAt)}
      returning 1
    )
    select coalesce((select json_agg(prior) from prior), '[]') as prior,
      (select count(*)::int from written) as written,
      coalesce((select json_agg(id) from gone), '[]') as gone`);
  const [outcome] = result.rows as Array<{ prior: Prior[]; written: number; gone: string[] }>;
  const before = new Map((outcome?.prior ?? []).map((p) => [p.email, p]));
  const gone = new Set(outcome?.gone ?? []);
  const fresh = values.filter((r) => {
    if (gone.has(r.contactId)) return false;
    const stored = before.get(r.email)?.contact_updated_at;
    return !stored || new Date(stored) <= r.contactUpdatedAt;
  });
  let qualitySum = 0;
  const drafts: AlertDraft[] = [];
  for (const r of fresh) {
    const prior = before.get(r.email);
    qualitySum +=
      r.qualityScore +
      (prior
        ? supportPoints({
            conversationsTotal: prior.conversations_total,
            averageCsat: prior.average_csat,
          })
        : 0);
    if (settings.baseline) continue;
    const state = prior && {
      email: prior.email,
      mrr: prior.mrr,
      delinquent: prior.delinquent,
      cancelIntent30d: prior.cancel_intent_30d,
      contactUpdatedAt: prior.contact_updated_at ? new Date(prior.contact_updated_at) : null,
    };
    drafts.push(
      ...alertsFor(state, { ...r, cancelIntent30d: prior?.cancel_intent_30d ?? null }, settings),
    );
  }
  return {
    written: outcome?.written ?? 0,
    qualitySum,
    alerts: await raiseAlerts(tx, workspaceId, drafts),
  };
}
