import type { Executor } from "../db/client.ts";
import { alerts } from "../db/schema/customers.ts";
import type { AlertDraft } from "./alerts.ts";

/** Raises the drafts once per change (unique key); returns the ones that are new. */
export async function raiseAlerts(tx: Executor, workspaceId: string, drafts: AlertDraft[]) {
  if (drafts.length === 0) return [];
  const inserted = await tx
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
    .returning({ email: alerts.email, kind: alerts.kind, changeKey: alerts.changeKey });
  const keep = new Set(inserted.map((a) => `${a.email}|${a.kind}|${a.changeKey}`));
  return drafts.filter((d) => keep.has(`${d.email}|${d.kind}|${d.changeKey}`));
}
