import type { Database } from "../db/client.ts";
import type { SyncRun } from "../db/schema/sync.ts";
import { claimFinishSlice, releaseFinishSlice } from "./claim.ts";
import { companyFinishSlice } from "./companies/finish.ts";
import { contactFinishSlice } from "./contacts/finish.ts";
import { conversationFinishSlice } from "./conversations/finish.ts";
import type { FinishDeps, SliceOutcome } from "./finish-deps.ts";
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
    await giveBackLease(deps.db, claimed, deps.releaseWaitsMs ?? RELEASE_WAITS_MS);
    throw error;
  }
}

/**
 * Waits between tries to give a failed slice's lease back. The failure may be Postgres itself
 * going away for a moment (a restart, a failover): a lease not given back holds the run for its
 * whole 15 minutes, while the slice's retry finds it taken and does nothing. 31 s of tries fit
 * easily in the invocation's 15 minutes.
 */
const RELEASE_WAITS_MS = [1_000, 2_000, 4_000, 8_000, 16_000];

async function giveBackLease(db: Database, claimed: SyncRun, waitsMs: readonly number[]) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await releaseFinishSlice(db, claimed);
    } catch {
      const wait = waitsMs[attempt];
      // Given up: the lease runs out, and the minute sweep sends the slice again.
      if (wait === undefined) return;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
