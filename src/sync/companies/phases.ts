/** The phases of a company run's finish, in order (src/sync/companies/finish.ts). */
const PHASES = ["people", "gone", "accounts"] as const;
export type FinishPhase = (typeof PHASES)[number];

/** Where the finish stands: its phase and the last company id that phase handled. */
export function parseCursor(cursor: string | null): { phase: FinishPhase; after: string | null } {
  if (cursor === null) return { phase: "people", after: null };
  const parsed = JSON.parse(cursor) as { phase?: unknown; after?: unknown };
  const phase = PHASES.find((p) => p === parsed.phase) ?? "people";
  return { phase, after: typeof parsed.after === "string" ? parsed.after : null };
}

/** The phase after `phase`, from its start; null after the last. */
export function nextPhase(phase: FinishPhase): { phase: FinishPhase; after: null } | null {
  const next = PHASES[PHASES.indexOf(phase) + 1];
  return next ? { phase: next, after: null } : null;
}
