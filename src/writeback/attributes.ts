import type { AttributePlan } from "../db/schema/writeback.ts";
import type { IntercomClient } from "../intercom/client.ts";
import type { DataAttribute } from "../intercom/operations/data-attributes.ts";
import type { PlannedAttribute } from "./figures.ts";

/** Intercom's ceiling on custom data attributes per workspace (archived ones not counted). */
export const CUSTOM_ATTRIBUTE_LIMIT = 250;

/** What Intercom would refuse about the attributes: the run stops before writing anything. */
export class AttributesRefused extends Error {}

/**
 * Makes sure each attribute the run writes exists on Intercom as a custom attribute of its
 * model and type, creating the missing ones (a dry run only says it would). Refuses, naming
 * each attribute, what Intercom would refuse later one contact at a time: a name taken by the
 * other model (one namespace holds both), an archived or standard attribute, another type,
 * one a token may not write, or more custom attributes than the workspace may have.
 */
export async function ensureAttributes(
  client: Pick<IntercomClient, "listDataAttributes" | "createDataAttribute">,
  planned: readonly PlannedAttribute[],
  dryRun: boolean,
): Promise<AttributePlan> {
  const existing = await client.listDataAttributes();
  const byName = new Map(existing.map((a) => [a.name, a]));
  const problems: string[] = [];
  const missing: PlannedAttribute[] = [];
  for (const attribute of planned) {
    const found = byName.get(attribute.name);
    if (!found) missing.push(attribute);
    else {
      const why = refusalOf(attribute, found);
      if (why) problems.push(why);
    }
  }
  const custom = existing.filter((a) => a.custom === true && a.archived !== true).length;
  if (custom + missing.length > CUSTOM_ATTRIBUTE_LIMIT)
    problems.push(
      `Intercom allows ${CUSTOM_ATTRIBUTE_LIMIT} custom attributes: the workspace has ${custom} and the write-back needs ${missing.length} more`,
    );
  if (problems.length > 0) throw new AttributesRefused(problems.join("; "));
  if (!dryRun)
    for (const attribute of missing)
      await client.createDataAttribute({
        name: attribute.name,
        model: attribute.model,
        dataType: attribute.dataType,
        description: attribute.description,
      });
  return {
    contact: planned.filter((a) => a.model === "contact").map((a) => a.name),
    company: planned.filter((a) => a.model === "company").map((a) => a.name),
    created: missing.map((a) => a.name),
  };
}

function refusalOf(attribute: PlannedAttribute, found: DataAttribute): string | null {
  const name = `'${attribute.name}'`;
  if (found.model && found.model !== attribute.model)
    return `${name} is a ${found.model} attribute in Intercom, and a name is one across contacts and companies: choose another WRITEBACK_PREFIX`;
  if (found.custom !== true) return `${name} is one of Intercom's standard attributes`;
  if (found.archived === true)
    return `${name} is archived in Intercom: unarchive it, or choose another WRITEBACK_PREFIX`;
  if (found.data_type !== attribute.dataType)
    return `${name} is a ${found.data_type} attribute in Intercom; the write-back writes a ${attribute.dataType}`;
  if (found.api_writable === false) return `${name} cannot be written through Intercom's API`;
  return null;
}
