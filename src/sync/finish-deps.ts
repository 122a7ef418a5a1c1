import type { AlertDraft } from "../customers/alerts.ts";
import type { Database } from "../db/client.ts";
import type { SyncKind } from "../db/schema/sync.ts";
import type { IntercomClient } from "../intercom/client.ts";
import type { Clock } from "../shared/clock.ts";
import type { Logger } from "../shared/logger.ts";
import type { Confirmed } from "./contacts/gone.ts";
import type { FinishMessage } from "./messages.ts";

/**
 * What a slice of a run's finish takes and gives, apart from src/sync/finish.ts: that file
 * picks the kind's slice, and each kind's slice takes these, so they sit below all of them.
 */
export interface FinishDeps {
  db: Database;
  client: IntercomClient;
  clock: Clock;
  logger: Logger;
  /** Which unseen contacts Intercom no longer has: `confirmGoneWith(client)`. */
  confirmGone: (ids: string[], deadline?: number) => Promise<Confirmed>;
  /** Alerts the finish raised (support metrics of new customers). */
  onAlerts?: (alerts: AlertDraft[]) => Promise<void>;
  /** Intercom calls one slice may make; FINISH_CALLS_PER_SLICE unless a test lowers it. */
  callsPerSlice?: number;
  /** After a contact run finished: starts a write-back when the deployment asks for one. */
  afterContactRun?: () => Promise<void>;
  /** Tests shorten the waits between tries to give a failed slice's lease back. */
  releaseWaitsMs?: readonly number[];
  /** Told which kind of run the slice claimed (the invocation's meter line names it). */
  onClaimed?: (kind: SyncKind) => void;
}

export type SliceOutcome =
  /** Not this delivery's to run: not ready, a slice already past, or one running now. */
  | { kind: "skipped" }
  /** Its lease ran out and another delivery took the slice over: nothing written. */
  | { kind: "stale" }
  | { kind: "continue"; next: FinishMessage }
  | { kind: "finished" };
