import { describe, expect, it } from "vitest";
import type { SyncMessage } from "../../../src/sync/messages.ts";
import { syncQueue } from "../../../src/sync/queue.ts";

/** A queue that records each call: the bodies of one `send` or one `sendBatch`. */
function recordingQueue() {
  const calls: SyncMessage[][] = [];
  const none = { metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } };
  const queue = {
    send: async (body: SyncMessage) => {
      calls.push([body]);
      return none;
    },
    sendBatch: async (messages: Iterable<MessageSendRequest<SyncMessage>>) => {
      calls.push([...messages].map((m) => m.body));
      return none;
    },
    metrics: async () => none.metadata.metrics,
  } satisfies Queue<SyncMessage>;
  return { queue, calls };
}

const scrollStep: SyncMessage = { kind: "sync.companies.page", runId: "r1", partition: 0, page: 3 };
const contactStep: SyncMessage = { kind: "sync.contacts.step", runId: "r2", partition: 1, page: 0 };
const partJob: SyncMessage = { kind: "sync.conversations.parts", runId: "r3", key: "0:0:0" };

describe("the queues sync messages travel on", () => {
  it("sends a company scroll's step on its own queue and every other message on the sync queue", async () => {
    const main = recordingQueue();
    const scroll = recordingQueue();
    const queue = syncQueue(main.queue, scroll.queue);
    await queue.send(scrollStep);
    await queue.send(contactStep);
    expect(scroll.calls).toEqual([[scrollStep]]);
    expect(main.calls).toEqual([[contactStep]]);
  });

  it("splits a batch between the two, each keeping its order, one call per queue", async () => {
    const main = recordingQueue();
    const scroll = recordingQueue();
    const queue = syncQueue(main.queue, scroll.queue);
    const nextScroll = { ...scrollStep, page: 4 } as SyncMessage;
    await queue.sendBatch(
      [contactStep, scrollStep, partJob, nextScroll].map((body) => ({ body })),
      { delaySeconds: 5 },
    );
    expect(main.calls).toEqual([[contactStep, partJob]]);
    expect(scroll.calls).toEqual([[scrollStep, nextScroll]]);
  });

  it("sends nothing for an empty batch", async () => {
    const main = recordingQueue();
    const scroll = recordingQueue();
    await syncQueue(main.queue, scroll.queue).sendBatch([]);
    expect(main.calls).toEqual([]);
    expect(scroll.calls).toEqual([]);
  });
});
