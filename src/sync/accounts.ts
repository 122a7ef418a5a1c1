import { deriveAllAccounts } from "../accounts/derive.ts";
import { errorMessage } from "../shared/errors.ts";
import type { FinishDeps } from "./finish-deps.ts";

/**
 * After a contact or conversation run, whose customers' revenue and support figures changed:
 * every account is derived again. Not part of the run: a failure leaves the accounts as they
 * were until the next run, and is logged.
 */
export async function deriveAccountsAfterRun(
  deps: Pick<FinishDeps, "db" | "logger" | "onAlerts">,
  workspaceId: string,
  now: Date,
): Promise<void> {
  try {
    const { derived, alerts } = await deriveAllAccounts(deps.db, workspaceId, now);
    deps.logger.info("accounts derived", { accounts: derived, alerts: alerts.length });
    if (alerts.length > 0) await deps.onAlerts?.(alerts);
  } catch (error) {
    deps.logger.warn("accounts not derived after the run", { error: errorMessage(error) });
  }
}
