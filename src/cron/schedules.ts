/**
 * Cron expressions as declared in wrangler.toml `[triggers] crons` (a test keeps the two in
 * step), and the jobs each one runs. Change both places together.
 */
export const CRON_JOBS = {
  // Safety nets for lost queue sends: stranded webhook deliveries, due outbox writes, stalled
  // sync chains and part jobs.
  "* * * * *": ["sweep"],
  // Incremental contact and conversation syncs every 15 minutes.
  "*/15 * * * *": ["contacts.incremental", "conversations.incremental"],
  // Full syncs weekly: contacts Sunday 02:00 UTC, conversations and companies an hour later.
  "0 2 * * SUN": ["contacts.full"],
  "0 3 * * SUN": ["conversations.full", "companies.full"],
  // Retention: settled rows past their age, daily, away from the full syncs. And the daily
  // company scan: Intercom cannot list companies changed since a time, so every company run
  // reads them all (a page of 100 per call); company webhooks carry changes between scans,
  // and this scan repairs any a day later. Five triggers: the free plan's ceiling.
  "30 4 * * *": ["purge", "companies.incremental"],
} as const satisfies Record<string, readonly string[]>;

export type CronJob = (typeof CRON_JOBS)[keyof typeof CRON_JOBS][number];

export function jobsFor(cron: string): readonly CronJob[] {
  return (CRON_JOBS as Record<string, readonly CronJob[]>)[cron] ?? [];
}
