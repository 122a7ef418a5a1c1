import { z } from "zod";
import type { PageKey } from "../db/keyset.ts";
import { AppError } from "../shared/errors.ts";

/**
 * The one cursor of every list: opaque to clients, the base64url of the last row's key. A
 * cursor is checked against the list's key shape before it reaches SQL, so a forged one is a
 * 400 naming `cursor`, never a database error.
 */
export function encodeCursor(key: PageKey): string {
  const bytes = new TextEncoder().encode(JSON.stringify(key));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

const refused = () =>
  new AppError("invalid_request", "invalid query", {
    problems: [{ field: "cursor", message: "is not a cursor this list gave out" }],
  });

export function decodeCursor<T extends PageKey>(
  cursor: string | undefined,
  shape: z.ZodType<T>,
): T | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    const binary = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    parsed = JSON.parse(
      new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0))),
    );
  } catch {
    throw refused();
  }
  const result = shape.safeParse(parsed);
  if (!result.success) throw refused();
  return result.data;
}

/** Postgres's text of a timestamptz, as `exactText` reads it. */
export const timestampKey = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/);
const keyText = z.string().min(1).max(512);

/** The key shapes of the lists: newest first by time, then by id. */
export const CURSOR_KEYS = {
  byTimeAndUuid: z.tuple([timestampKey, z.uuid()]),
  byTimeAndText: z.tuple([timestampKey, keyText]),
  deliveries: z.tuple([timestampKey, keyText, keyText]),
  byEmail: z.tuple([keyText]),
  byText: z.tuple([keyText]),
};

/**
 * A page from rows fetched with `limit + 1`: the extra row only says there is a next page,
 * whose cursor is the key of this page's last row.
 */
export function pageFrom<T>(rows: readonly T[], limit: number, keyOf: (row: T) => PageKey) {
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  return {
    data,
    next_cursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null,
  };
}
