import { pick, prng } from "../../sandbox/prng.ts";
import { FAULTS, type Fault, type Profile } from "./profile.ts";

export type Mode = "full" | "incremental";

export interface Round {
  index: number;
  contacts: Mode;
  conversations: Mode;
  companies: Mode;
  fault: Fault | null;
  /** The sandbox's clock is set just before its UTC midnight when this round's runs start. */
  midnight: boolean;
}

/** A lifetime drawn from the seed: which runs, which round breaks what, which crosses midnight. */
export function scheduleFor(profile: Profile, seed: number): Round[] {
  const random = prng(seed ^ 0x50a4);
  const count = profile.fullRuns + profile.incrementalRuns;
  const later = Array.from({ length: count - 1 }, (_, i) => i + 1);
  const draw = (n: number, from: number[]) => {
    const pool = [...from];
    return Array.from({ length: Math.min(n, pool.length) }, () => {
      const i = Math.floor(random() * pool.length);
      return pool.splice(i, 1)[0] as number;
    });
  };
  // Round 0 is each kind's first (full) sync; the other full runs land anywhere after it.
  const fullContacts = new Set([0, ...draw(profile.fullRuns - 1, later)]);
  const fullConversations = new Set([0, ...draw(profile.fullRuns - 1, later)]);
  const faultRounds = draw(FAULTS.length + profile.extraFaults, later);
  const faults = new Map<number, Fault>();
  faultRounds.forEach((round, i) => {
    faults.set(round, FAULTS[i] ?? pick(random, FAULTS));
  });
  const quiet = later.filter(
    (r) => !fullContacts.has(r) && !fullConversations.has(r) && !faults.has(r),
  );
  const midnight =
    quiet.length > 0
      ? pick(random, quiet)
      : (later.find((r) => !fullContacts.has(r) && !fullConversations.has(r)) ?? 1);
  // Drawn last, so that a seed keeps the rounds, faults and midnight it had before companies.
  const fullCompanies = new Set([0, ...draw(profile.fullRuns - 1, later)]);
  return Array.from({ length: count }, (_, index) => ({
    index,
    contacts: fullContacts.has(index) ? "full" : "incremental",
    conversations: fullConversations.has(index) ? "full" : "incremental",
    companies: fullCompanies.has(index) ? "full" : "incremental",
    fault: faults.get(index) ?? null,
    midnight: index === midnight,
  }));
}
