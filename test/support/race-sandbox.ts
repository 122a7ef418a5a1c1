import { env } from "cloudflare:workers";

/** The sandbox the race tests slow down, so a write is still in flight when the race lands. */
export const RACE_SANDBOX = (env as unknown as { RACE_SANDBOX_BASE: string }).RACE_SANDBOX_BASE;

/** Sets how long the race sandbox takes to answer (0: at once). */
export async function raceLatency(ms: number): Promise<void> {
  await fetch(new URL("/__sandbox/knobs", RACE_SANDBOX), {
    method: "PATCH",
    body: JSON.stringify({ latencyMs: ms }),
  });
}
