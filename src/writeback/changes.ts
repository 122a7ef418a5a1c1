import type { AttributeValues } from "../db/schema/writeback.ts";
import { attributeValue, type PlannedAttribute, STRING_LIMIT } from "./figures.ts";

/** What one contact or company needs written: the values that differ, and what they replace. */
export interface Change {
  values: AttributeValues;
  old: AttributeValues;
}

/**
 * The attributes whose value differs from `baseline` (what Intercom holds from us, or will once
 * a write on its way lands); an attribute never written counts as null, so a contact without
 * figures needs no write. A value Intercom would refuse is left out and said why.
 */
export function changesOf(
  attributes: readonly PlannedAttribute[],
  source: Record<string, unknown>,
  baseline: AttributeValues,
): { change: Change | null; refusals: string[] } {
  const values: AttributeValues = {};
  const old: AttributeValues = {};
  const refusals: string[] = [];
  for (const attribute of attributes) {
    const value = attributeValue(attribute, source[attribute.column]);
    if (typeof value === "string" && [...value].length > STRING_LIMIT) {
      refusals.push(
        `${attribute.name} would be ${[...value].length} characters; Intercom takes ${STRING_LIMIT} at most`,
      );
      continue;
    }
    const before = baseline[attribute.name] ?? null;
    if (before === value) continue;
    values[attribute.name] = value;
    old[attribute.name] = before;
  }
  return { change: Object.keys(values).length > 0 ? { values, old } : null, refusals };
}
