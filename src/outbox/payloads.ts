import { z } from "zod";
import type { OutboxKind } from "../db/schema/outbox.ts";

/**
 * What each outbox row asks Intercom to do, as stored in `payload`. Validated at the HTTP
 * edge before storing, and again when delivering (a row written by an older version of this
 * code must still parse, or it goes dead with the reason).
 */
const identifyPayload = z.object({
  userId: z.string().min(1),
  email: z.string().nullish(),
  name: z.string().nullish(),
  phone: z.string().nullish(),
  role: z.enum(["user", "lead"]).optional(),
  signedUpAt: z.number().int().nullish(),
  customAttributes: z.record(z.string(), z.unknown()).optional(),
});

/**
 * Whom a write is for (src/contacts/person.ts): the product's user id, resolved at delivery,
 * or Intercom's contact id, used as it is. Rows stored before the id existed have a user id.
 */
const person = {
  userId: z.string().min(1).optional(),
  intercomId: z.string().min(1).optional(),
};
const addressed = <T extends z.ZodObject>(schema: T) =>
  schema.refine((p) => Boolean(p.userId || p.intercomId), {
    message: "names no person (userId or intercomId)",
  });

const deletePayload = addressed(z.object(person));
const tagPayload = addressed(z.object({ ...person, tag: z.string().min(1) }));
const notePayload = addressed(
  z.object({ ...person, body: z.string().min(1), adminId: z.string().optional() }),
);
const messageFields = z.object({
  ...person,
  messageType: z.enum(["inapp", "email"]),
  body: z.string().min(1),
  subject: z.string().optional(),
  template: z.enum(["plain", "personal"]).optional(),
  fromAdminId: z.string().optional(),
});
const messagePayload = addressed(messageFields);
const eventPayload = z.object({
  eventName: z.string().min(1),
  createdAt: z.number().int(),
  userId: z.string().optional(),
  email: z.string().optional(),
  intercomId: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  /** Enough to create the contact when Intercom answers 404 for an unknown user. */
  identify: identifyPayload.optional(),
});

const slackPayload = z.object({ text: z.string().min(1) });

/** Our figures for one contact or company: only the attributes whose values changed. */
const writebackPayload = z.object({
  runId: z.string().min(1),
  model: z.enum(["contact", "company"]),
  intercomId: z.string().min(1),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

export const PAYLOAD_SCHEMAS = {
  "contact.identify": identifyPayload,
  "contact.delete": deletePayload,
  "contact.tag": tagPayload,
  "contact.untag": tagPayload,
  "contact.note": notePayload,
  message: messagePayload,
  event: eventPayload,
  "slack.alert": slackPayload,
  writeback: writebackPayload,
} as const satisfies Record<OutboxKind, z.ZodType>;

export type PayloadOf<K extends OutboxKind> = z.infer<(typeof PAYLOAD_SCHEMAS)[K]>;

/** A write the product asked for, before it is stored. */
export type OutboxWrite = {
  [K in OutboxKind]: {
    kind: K;
    payload: PayloadOf<K>;
    idempotencyKey: string;
    subject: string | null;
  };
}[OutboxKind];
