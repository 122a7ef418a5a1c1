/**
 * What a tombstone keeps of a contact: its ids and dates, none of its personal data. Erasing
 * a person (everything we hold about them, not only the contact) is src/erasure/.
 */
export const ERASED_PERSONAL_DATA = {
  externalId: null,
  email: null,
  name: null,
  phone: null,
  ownerId: null,
  location: null,
  customAttributes: null,
  raw: null,
} as const;
