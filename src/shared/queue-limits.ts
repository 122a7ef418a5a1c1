/**
 * Cloudflare Queues' documented limits for consumers (developers.cloudflare.com/queues/platform/limits/),
 * stated once: a test holds every consumer in wrangler.toml to them, and the retry rules stay
 * inside them. Sending has its own limits in queue-send.ts.
 */
export const QUEUE_LIMITS = {
  /** Retries a message may get (`max_retries`) before it is dead-lettered, or dropped without a DLQ. */
  maxRetries: 100,
  /**
   * Longest `delaySeconds` of a send or retry. The limits page says 24 h today and said 12 h
   * before; the stricter figure holds on every account.
   */
  maxDelaySeconds: 12 * 3600,
  maxBatchSize: 100,
  maxBatchTimeoutSeconds: 60,
  /** Concurrent invocations of one consumer; what it scales to when `max_concurrency` is unset. */
  maxConcurrency: 250,
  /**
   * How long a queue keeps a message it has not delivered for good: 4 days unless the queue is
   * configured otherwise (60 s to 14 days on paid plans; a fixed 24 h on the free plan).
   */
  defaultRetentionSeconds: 4 * 86_400,
} as const;
