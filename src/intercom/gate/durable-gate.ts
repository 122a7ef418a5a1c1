import type { IntercomGateObject } from "./durable-object.ts";
import type { IntercomGate } from "./gate.ts";
import type { Admission, GateSnapshot } from "./state.ts";

/**
 * The gate as the Durable Object's stub. Apart from the object's class, so that importing the
 * app (the contract's document, in Node) does not need `cloudflare:workers`.
 */
export function durableGate(
  namespace: DurableObjectNamespace<IntercomGateObject>,
  workspace: string,
): IntercomGate {
  const stub = () => namespace.get(namespace.idFromName(workspace));
  return {
    admit: async () => (await stub().admit()) as Admission,
    record: async (outcome) => {
      await stub().record(outcome);
    },
  };
}

/** The gate's current state (rate-limit window, breaker), for the operator's dashboard. */
export async function readGate(
  namespace: DurableObjectNamespace<IntercomGateObject>,
  workspace: string,
): Promise<GateSnapshot> {
  return (await namespace.get(namespace.idFromName(workspace)).snapshot()) as GateSnapshot;
}
