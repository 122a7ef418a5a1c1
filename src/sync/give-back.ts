/**
 * Waits between tries to give a lease back after a failure. The failure may be Postgres itself
 * going away for a moment (a restart, a failover): a lease not given back holds its chain until
 * it runs out (a finish's 15 minutes, a scroll's minute), while the message's retry finds it
 * taken. 31 s of tries fit easily in an invocation's 15 minutes.
 */
export const RELEASE_WAITS_MS: readonly number[] = [1_000, 2_000, 4_000, 8_000, 16_000];

/** Gives a lease back, trying again after each of `waitsMs`; never throws. */
export async function giveBackLease(
  release: () => Promise<unknown>,
  waitsMs: readonly number[] = RELEASE_WAITS_MS,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await release();
      return;
    } catch {
      const wait = waitsMs[attempt];
      // Given up: the lease runs out, and whoever waits for it takes over then.
      if (wait === undefined) return;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
