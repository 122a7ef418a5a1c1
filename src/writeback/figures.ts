import type { AttributeValue, WritebackModel } from "../db/schema/writeback.ts";
import type { DataType } from "../intercom/operations/data-attributes.ts";

/**
 * The figures a write-back puts on Intercom's contacts and companies, each once: its name
 * after the prefix, Intercom's data type, what it means (the attribute's description in
 * Intercom) and the column it comes from. Money is in dollars to the cent, as floats: Intercom
 * keeps a company's `monthly_spend` as an integer, so the account's MRR goes into an attribute
 * of our own and `monthly_spend` is left to whoever sets it.
 */
interface Figure {
  dataType: Extract<DataType, "string" | "integer" | "float" | "boolean">;
  description: string;
  column: string;
}

export const CONTACT_FIGURES = {
  mrr: { dataType: "float", description: "Monthly recurring revenue, dollars", column: "mrr" },
  arr: { dataType: "float", description: "Annual recurring revenue, dollars", column: "arr" },
  ltv: {
    dataType: "float",
    description: "Lifetime value: payments so far, dollars",
    column: "ltv",
  },
  plan: { dataType: "string", description: "Subscription plan", column: "plan_name" },
  quality_score: {
    dataType: "integer",
    description: "Customer quality score, 0 to 100",
    column: "quality_score",
  },
  open_conversations: {
    dataType: "integer",
    description: "Open support conversations",
    column: "conversations_open",
  },
  conversations_30d: {
    dataType: "integer",
    description: "Support conversations in the last 30 days",
    column: "conversations_30d",
  },
  cancel_mentioned: {
    dataType: "boolean",
    description: "Mentioned cancelling in a conversation in the last 30 days",
    column: "cancel_intent_30d",
  },
  delinquent: {
    dataType: "boolean",
    description: "Stripe says the customer is delinquent",
    column: "delinquent",
  },
} as const satisfies Record<string, Figure>;

/** An account's figures, named `<prefix>account_<name>`: one namespace holds both models. */
export const ACCOUNT_FIGURES = {
  mrr: { dataType: "float", description: "Account MRR, dollars", column: "mrr" },
  arr: { dataType: "float", description: "Account ARR, dollars", column: "arr" },
  ltv: { dataType: "float", description: "Account lifetime value, dollars", column: "ltv" },
  health: { dataType: "integer", description: "Account health, 0 to 100", column: "health" },
  people: { dataType: "integer", description: "People in the account", column: "people_count" },
  open_conversations: {
    dataType: "integer",
    description: "Open support conversations of the account's people",
    column: "open_conversations",
  },
  delinquent_people: {
    dataType: "integer",
    description: "Delinquent people in the account",
    column: "delinquent_people",
  },
} as const satisfies Record<string, Figure>;

export type ContactFigure = keyof typeof CONTACT_FIGURES;
export type AccountFigure = keyof typeof ACCOUNT_FIGURES;

/** What a deployment chose (WRITEBACK_PREFIX, WRITEBACK_ATTRIBUTES, WRITEBACK_ACCOUNT_ATTRIBUTES). */
export interface WritebackSettings {
  prefix: string;
  contact: readonly ContactFigure[];
  account: readonly AccountFigure[];
}

export const DEFAULT_PREFIX = "bridge_";

/** One attribute a run writes: its Intercom name and where its value comes from. */
export interface PlannedAttribute extends Figure {
  model: WritebackModel;
  name: string;
}

export function attributesOf(settings: WritebackSettings): PlannedAttribute[] {
  return [
    ...settings.contact.map((f) => ({
      model: "contact" as const,
      name: `${settings.prefix}${f}`,
      ...CONTACT_FIGURES[f],
    })),
    ...settings.account.map((f) => ({
      model: "company" as const,
      name: `${settings.prefix}account_${f}`,
      ...ACCOUNT_FIGURES[f],
    })),
  ];
}

/** Intercom's ceiling on a string attribute's value, in characters. */
export const STRING_LIMIT = 255;

/** A column's value as the attribute holds it; money rounded to the cent, so 0.1+0.2 is stable. */
export function attributeValue(attribute: Figure, raw: unknown): AttributeValue {
  if (raw === null || raw === undefined) return null;
  switch (attribute.dataType) {
    case "float": {
      const n = Number(raw);
      return Number.isFinite(n) ? Math.round(n * 100) / 100 : null;
    }
    case "integer": {
      const n = Number(raw);
      return Number.isFinite(n) ? Math.round(n) : null;
    }
    case "boolean":
      return Boolean(raw);
    case "string":
      return String(raw);
  }
}
