import { claimFinishSlice, releaseFinishSlice } from "./claim.ts";
import { companyFinishSlice } from "./companies/finish.ts";
import { contactFinishSlice } from "./contacts/finish.ts";
import { conversationFinishSlice } from "./conversations/finish.ts";
import type { FinishDeps, SliceOutcome } from "./finish-deps.ts";
import { giveBackLease } from "./give-back.ts";
import type { FinishMessage } from "./messages.ts";

/**
 * Runs one slice of a run's finish if this message may: the claim takes a lease on the run
 * (src/sync/claim.ts), so a slice never runs twice at once. The caller queues `next`. A slice
 * that throws gives its lease back for the retry; one whose invocation died leaves it to run
 * out, and the minute sweep sends the slice again.
 */
export async function runFinishSlice(
  deps: FinishDeps,
  message: FinishMessage,
): Promise<SliceOutcome> {
  const now = deps.clock.now();
  const claimed = await claimFinishSlice(deps.db, message.runId, message.slice, now);
  if (!claimed) return { kind: "skipped" };
  deps.onClaimed?.(claimed.kind);
  try {
    if (claimed.kind === "contacts") return await contactFinishSlice(deps, claimed, now);
    if (claimed.kind === "companies") return await companyFinishSlice(deps, claimed, now);
    return await conversationFinishSlice(deps, claimed, now);
  } catch (error) {
    await giveBackLease(() => releaseFinishSlice(deps.db, claimed), deps.releaseWaitsMs);
    throw error;
  }
}
