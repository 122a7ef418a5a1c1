/**
 * The instant before which queued work counts as lost: its message should have been handled
 * within `graceMs`. Locally, Miniflare holds queued messages in memory only, so everything
 * last touched before the local queues started (`LOCAL_QUEUES_STARTED_AT`, set by the local
 * stack at each Worker start) was lost with the previous process: it is resumed at once
 * instead of after a grace period measured from before the crash. Deployed queues are
 * durable and the setting is absent.
 */
export function lostBefore(now: Date, graceMs: number, localQueuesStartedAt?: number): Date {
  return new Date(Math.max(now.getTime() - graceMs, localQueuesStartedAt ?? 0));
}

/**
 * What a sweep works with; `localQueuesStartedAt` as `lostBefore` explains. `Db` is the
 * caller's database handle: shared/ sits below db/ (which imports it) and cannot name it.
 */
export interface SweepDeps<M, Db> {
  db: Db;
  queue: Queue<M>;
  now: Date;
  localQueuesStartedAt?: number | undefined;
}
