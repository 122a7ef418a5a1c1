/**
 * Cron expressions as declared in wrangler.toml `[triggers] crons` (a test keeps the two in
 * step), and the job each one runs.
 */
export const CRON_JOBS = {
  // Safety nets for lost queue sends: stranded webhook deliveries and due outbox writes.
  "* * * * *": "sweep",
} as const satisfies Record<string, string>;

export type CronJob = (typeof CRON_JOBS)[keyof typeof CRON_JOBS];

export function jobFor(cron: string): CronJob | undefined {
  return (CRON_JOBS as Record<string, CronJob>)[cron];
}
