/**
 * Messages as the platform hands them to a consumer, recording what the consumer did with
 * them: `seen` for the batch (any acked, any retried), `outcomes` per message with the delay
 * asked for. For tests that call a queue consumer directly, with the attempt count and
 * enqueue time they need.
 */
export function batchOf(
  queue: string,
  bodies: readonly unknown[],
  attempts = 1,
  timestamp = new Date(),
) {
  const seen = { acked: false, retried: false };
  const outcomes = bodies.map(() => ({
    acked: false,
    retried: false,
    delaySeconds: undefined as number | undefined,
  }));
  const batch = {
    queue,
    messages: bodies.map((body, i) => ({
      id: `m-${i}`,
      timestamp,
      attempts,
      body,
      ack: () => {
        seen.acked = true;
        (outcomes[i] as (typeof outcomes)[number]).acked = true;
      },
      retry: (options?: QueueRetryOptions) => {
        seen.retried = true;
        Object.assign(outcomes[i] as (typeof outcomes)[number], {
          retried: true,
          delaySeconds: options?.delaySeconds,
        });
      },
    })),
    ackAll: () => {},
    retryAll: () => {},
  } as unknown as MessageBatch<unknown>;
  return { batch, seen, outcomes };
}
