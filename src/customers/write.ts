import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { insertFromRecordset } from "../db/recordset.ts";
import { alerts, customers } from "../db/schema/customers.ts";
import { bare, setFromExcluded } from "../db/sql.ts";
import { type AlertDraft, type AlertSettings, alertsFor } from "./alerts.ts";
import { type CustomerFromContact, qualityOf } from "./derive.ts";

export interface CustomersWritten {
  written: number;
  qualitySum: number;
  alerts: AlertDraft[];
}

/**
 * Writes a page's customers in one statement, only the columns the contact sync owns, and only
 * over a row derived from an older contact update. Alerts are computed against the stored
 * state read in the same transaction, and stored once per change (unique key).
 */
export async function writeCustomers(
  tx: Executor,
  workspaceId: string,
  rows: readonly CustomerFromContact[],
  now: Date,
  settings: AlertSettings & { baseline?: boolean },
): Promise<CustomersWritten> {
  if (rows.length === 0) return { written: 0, qualitySum: 0, alerts: [] };
  const stored = await tx
    .select({
      email: customers.email,
      mrr: customers.mrr,
      delinquent: customers.delinquent,
      cancelIntent30d: customers.cancelIntent30d,
      contactUpdatedAt: customers.contactUpdatedAt,
      conversationsTotal: customers.conversationsTotal,
      averageCsat: customers.averageCsat,
    })
    .from(customers)
    .where(
      and(
        eq(customers.workspaceId, workspaceId),
        inArray(
          customers.email,
          rows.map((r) => r.email),
        ),
      ),
    );
  const before = new Map(stored.map((s) => [s.email, s]));
  const fresh = rows.filter((r) => {
    const prior = before.get(r.email)?.contactUpdatedAt;
    return !prior || prior <= r.contactUpdatedAt;
  });
  if (fresh.length === 0) return { written: 0, qualitySum: 0, alerts: [] };
  let qualitySum = 0;
  const drafts: AlertDraft[] = [];
  const values = fresh.map((r) => {
    const prior = before.get(r.email);
    const quality = qualityOf(
      r,
      {
        conversationsTotal: prior?.conversationsTotal ?? null,
        averageCsat: prior?.averageCsat ?? null,
      },
      now,
    );
    qualitySum += quality;
    if (!settings.baseline)
      drafts.push(
        ...alertsFor(prior, { ...r, cancelIntent30d: prior?.cancelIntent30d ?? null }, settings),
      );
    return { ...r, qualityScore: quality, syncedAt: now };
  });
  const owned = [
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
    customers.qualityScore,
    customers.syncedAt,
  ];
  await tx.execute(sql`
    ${insertFromRecordset(customers, values)}
    on conflict (${bare(customers.workspaceId)}, ${bare(customers.email)}) do update set
      ${setFromExcluded(owned)},
      -- The value being replaced, for "MRR changed since the previous value".
      ${bare(customers.previousMrr)} = case when ${customers.mrr} is distinct from excluded.${bare(customers.mrr)} then ${customers.mrr} else ${customers.previousMrr} end
    where ${customers.contactUpdatedAt} is null or ${customers.contactUpdatedAt} <= excluded.${bare(customers.contactUpdatedAt)}`);
  const inserted = drafts.length
    ? await tx
        .insert(alerts)
        .values(
          drafts.map((d) => ({
            workspaceId,
            email: d.email,
            kind: d.kind,
            changeKey: d.changeKey,
            message: d.message,
            details: d.details,
          })),
        )
        .onConflictDoNothing()
        .returning({ email: alerts.email, kind: alerts.kind, changeKey: alerts.changeKey })
    : [];
  const keep = new Set(inserted.map((a) => `${a.email}|${a.kind}|${a.changeKey}`));
  return {
    written: fresh.length,
    qualitySum,
    alerts: drafts.filter((d) => keep.has(`${d.email}|${d.kind}|${d.changeKey}`)),
  };
}
