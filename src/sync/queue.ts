import type { SyncMessage } from "./messages.ts";

/**
 * Sync messages travel on one queue, except a company scroll's next step, which has its own.
 * Intercom expires a scroll left unused for a minute. Behind the sync queue's backlog (a weekly
 * full conversation run queues a part job per ten conversations, thousands at once) the step
 * waited past that minute, the scroll started again from its first page, and after five such
 * restarts the company run failed. On its own queue the step waits for nothing but itself.
 */
export function syncQueue(
  main: Queue<SyncMessage>,
  scroll: Queue<SyncMessage>,
): Queue<SyncMessage> {
  const queueOf = (message: SyncMessage) =>
    message.kind === "sync.companies.page" ? scroll : main;
  return {
    send: (message, options) => queueOf(message).send(message, options),
    async sendBatch(messages, options) {
      const byQueue = new Map<Queue<SyncMessage>, MessageSendRequest<SyncMessage>[]>();
      for (const request of messages) {
        const queue = queueOf(request.body);
        const batch = byQueue.get(queue);
        if (batch) batch.push(request);
        else byQueue.set(queue, [request]);
      }
      // Sent one after the other: a failure leaves the caller to send again, and every sync
      // message is safe to receive twice (a page is written once, a done job skipped).
      let last: QueueSendBatchResponse = {
        metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } },
      };
      for (const [queue, batch] of byQueue) last = await queue.sendBatch(batch, options);
      return last;
    },
    metrics: () => main.metrics(),
  };
}
