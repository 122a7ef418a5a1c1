import { z } from "zod";

/** Intercom sends ids as strings, but some (admin ids in 2.16 conversations) as integers. */
export const intercomId = z.union([z.string(), z.number()]).transform((value) => String(value));

/** What a conversation id in a path may be: Intercom's are digits; nothing that needs escaping. */
export const CONVERSATION_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const reference = z.looseObject({ type: z.string().optional(), id: intercomId });
