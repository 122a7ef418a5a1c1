import type { Executor } from "../db/client.ts";
import { alerts } from "../db/schema/customers.ts";
import type { AlertDraft } from "./alerts.ts";

/** Raises the drafts once per change (unique key, customers and accounts alike); returns the ones that are new. */
export async function raiseAlerts(tx: Executor, workspaceId: string, drafts: AlertDraft[]) {
  if (drafts.length === 0) return [];
  const inserted = await tx
    .insert(alerts)
    .values(
      drafts.map((d) => ({
        workspaceId,
        email: d.email,
        accountId: d.accountId,
        kind: d.kind,
        changeKey: d.changeKey,
        message: d.message,
        details: d.details,
      })),
    )
    .onConflictDoNothing()
    .returning({
      email: alerts.email,
      accountId: alerts.accountId,
      kind: alerts.kind,
      changeKey: alerts.changeKey,
    });
  const key = (a: Pick<AlertDraft, "email" | "accountId" | "kind" | "changeKey">) =>
    `${a.email ?? ""}|${a.accountId ?? ""}|${a.kind}|${a.changeKey}`;
  const keep = new Set(inserted.map(key));
  return drafts.filter((d) => keep.has(key(d)));
}
