/**
 * Cron expressions as declared in wrangler.toml `[triggers] crons` (a test keeps the two in
 * step), and the job each one runs.
 */
export const CRON_JOBS = {
  // Safety nets for lost queue sends: stranded webhook deliveries and due outbox writes.
  "* * * * *": "sweep",
  // Contact sync: incremental every 15 minutes, full weekly (Sunday 02:00 UTC). Change both
  // here and in wrangler.toml; a test keeps them in step.
  "*/15 * * * *": "contacts.incremental",
  "0 2 * * SUN": "contacts.full",
} as const satisfies Record<string, string>;

export type CronJob = (typeof CRON_JOBS)[keyof typeof CRON_JOBS];

export function jobFor(cron: string): CronJob | undefined {
  return (CRON_JOBS as Record<string, CronJob>)[cron];
}
