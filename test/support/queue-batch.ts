/**
 * Messages as the platform hands them to a consumer, recording what the consumer did with
 * them (any of them acked, any retried): for tests that call the queue handler directly, with the attempt count they need.
 */
export function batchOf(queue: string, bodies: readonly unknown[], attempts = 1) {
  const seen = { acked: false, retried: false };
  const batch = {
    queue,
    messages: bodies.map((body, i) => ({
      id: `m-${i}`,
      timestamp: new Date(),
      attempts,
      body,
      ack: () => {
        seen.acked = true;
      },
      retry: () => {
        seen.retried = true;
      },
    })),
    ackAll: () => {},
    retryAll: () => {},
  } as unknown as MessageBatch<unknown>;
  return { batch, seen };
}
