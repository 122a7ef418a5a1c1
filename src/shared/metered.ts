import type { Meter } from "./meter.ts";

/*
 * The bindings one invocation hands out, wrapped so its meter sees every subrequest. They wrap
 * what Services hands out (fetch, the gate's namespace, the queues), not the code that uses
 * them, so whatever the callers build on top (batched admissions, a connection limiter)
 * is counted as the platform counts it.
 */

/**
 * fetch, counted as a subrequest, and as an open connection until its body has been read to
 * the end or cancelled: an unread body holds its connection (Cloudflare's limits page).
 */
export function meteredFetch(meter: Meter, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    meter.count("fetches");
    meter.opened();
    let res: Response;
    try {
      res = await base(input, init);
    } catch (error) {
      meter.closed();
      throw error;
    }
    return closedAtBodyEnd(res, () => meter.closed());
  };
}

function closedAtBodyEnd(res: Response, close: () => void): Response {
  let done = false;
  const release = () => {
    if (done) return;
    done = true;
    close();
  };
  if (!res.body) {
    release();
    return res;
  }
  const reader = res.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunk = await reader.read();
        if (chunk.done) {
          release();
          controller.close();
        } else controller.enqueue(chunk.value);
      } catch (error) {
        release();
        controller.error(error);
      }
    },
    cancel(reason) {
      release();
      return reader.cancel(reason);
    },
  });
  return new Response(body, {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
  });
}

/** A queue whose send, sendBatch and metrics calls are subrequests and, while in flight, connections. */
export function meteredQueue<Body>(meter: Meter, queue: Queue<Body>): Queue<Body> {
  const tracked = async <T>(call: () => Promise<T>): Promise<T> => {
    meter.count("queue_sends");
    meter.opened();
    try {
      return await call();
    } finally {
      meter.closed();
    }
  };
  return {
    send: (message, options) => tracked(() => queue.send(message, options)),
    sendBatch: (messages, options) => tracked(() => queue.sendBatch(messages, options)),
    metrics: () => tracked(() => queue.metrics()),
  };
}

/**
 * A Durable Object namespace whose stubs count each method call as a subrequest. Ids and
 * stubs are made as before (no subrequest until a method is called).
 */
export function meteredNamespace<T extends object>(meter: Meter, namespace: T): T {
  const stubOf = (stub: object) =>
    new Proxy(stub, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key);
        if (typeof value !== "function" || key === "then") return value;
        return (...args: unknown[]) => {
          meter.count("do_calls");
          return Reflect.apply(value, target, args);
        };
      },
    });
  return new Proxy(namespace, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== "function") return value;
      if (key === "get" || key === "getByName")
        return (...args: unknown[]) => stubOf(Reflect.apply(value, target, args) as object);
      return (...args: unknown[]) => Reflect.apply(value, target, args);
    },
  });
}
