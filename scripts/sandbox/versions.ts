/**
 * The `Intercom-Version` values Intercom accepts: the 2.16 description's `intercom_version` enum
 * (1.0 … 2.16; a test keeps this list equal to it) plus `Unstable`, which Intercom serves from a
 * separate description. Whatever a client asks for, the sandbox answers in the 2.16 shapes: the
 * official SDKs pin older versions (intercom-client 7 sends 2.14) and must still work here.
 */
export const INTERCOM_VERSIONS: readonly string[] = [
  ...["1.0", "1.1", "1.2", "1.3", "1.4"],
  ...Array.from({ length: 17 }, (_, minor) => `2.${minor}`),
  "Unstable",
];

const ACCEPTED = new Set(INTERCOM_VERSIONS);

/** A missing header is fine (Intercom then uses the app's version); an unknown one is not. */
export const acceptsVersion = (header: string | string[] | undefined) =>
  typeof header !== "string" || ACCEPTED.has(header);
