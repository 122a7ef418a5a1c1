/** Queue names as declared in wrangler.toml (a test keeps the two in step). */
export const QUEUES = {
  webhooks: "intercom-webhooks",
  webhooksDeadLetter: "intercom-webhooks-dlq",
  outbox: "intercom-outbox",
  outboxDeadLetter: "intercom-outbox-dlq",
  sync: "intercom-sync",
  companyScroll: "intercom-company-scroll",
  syncDeadLetter: "intercom-sync-dlq",
} as const;
