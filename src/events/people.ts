import type { Person, PersonRef } from "../contacts/person.ts";
import type { NormalizedEvent } from "./validate.ts";

/**
 * Events named only by email go through the one person rule (src/contacts/person.ts) like
 * every other write: the email must name exactly one contact, which the event is then sent to
 * by its Intercom id (and user id). Each distinct email is resolved once per request.
 */
export async function addressEvents(
  events: readonly NormalizedEvent[],
  resolve: (ref: PersonRef) => Promise<Person>,
): Promise<NormalizedEvent[]> {
  const byEmail = new Map<string, Promise<Person>>();
  for (const e of events) {
    if (e.email && !e.userId && !e.intercomId && !byEmail.has(e.email.toLowerCase())) {
      byEmail.set(e.email.toLowerCase(), resolve({ by: "email", value: e.email }));
    }
  }
  const resolved = new Map<string, Person>();
  for (const [email, person] of byEmail) resolved.set(email, await person);
  return events.map((e) => {
    const person = e.email && !e.userId && !e.intercomId && resolved.get(e.email.toLowerCase());
    return person ? { ...e, email: undefined, ...person } : e;
  });
}
