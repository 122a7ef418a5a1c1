import { type BatchedGate, batchedGate } from "./batched-gate.ts";
import type { IntercomGateObject } from "./durable-object.ts";
import type { GateSnapshot, Grant } from "./state.ts";

/**
 * The gate for one invocation, over the Durable Object's stub: one exchange for a batch of
 * calls (src/intercom/gate/batched-gate.ts). Apart from the object's class, so that importing
 * the app (the contract's document, in Node) does not need `cloudflare:workers`.
 */
export function durableGate(
  namespace: DurableObjectNamespace<IntercomGateObject>,
  workspace: string,
): BatchedGate {
  return batchedGate(
    async (request) =>
      (await namespace.get(namespace.idFromName(workspace)).exchange(request)) as Grant | null,
  );
}

/** The gate's current state (rate-limit window, breaker), for the operator's dashboard. */
export async function readGate(
  namespace: DurableObjectNamespace<IntercomGateObject>,
  workspace: string,
): Promise<GateSnapshot> {
  return (await namespace.get(namespace.idFromName(workspace)).snapshot()) as GateSnapshot;
}
