import { z } from "zod";
import type { PageKey } from "../../db/keyset.ts";
import { PAGE_BYTES } from "../../db/page-budget.ts";
import { AppError } from "../../shared/errors.ts";

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
const timestampKey = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/);
const keyText = z.string().min(1).max(512);
/** Postgres's text of a double precision (`exactText`): digits, a point, an exponent. */
const amountKey = z.string().regex(/^-?\d+(\.\d+)?(e[+-]\d+)?$/);

/** The key shapes of the lists: newest first by time, then by id; by id alone; by amount, then id. */
export const CURSOR_KEYS = {
  byTimeAndUuid: z.tuple([timestampKey, z.uuid()]),
  byTimeAndText: z.tuple([timestampKey, keyText]),
  deliveries: z.tuple([timestampKey, keyText, keyText]),
  /** Customers page by their id: a key of emails would put emails in URLs (base64 is no cover). */
  byUuid: z.tuple([z.uuid()]),
  byText: z.tuple([keyText]),
  /** Accounts: most MRR first, then by Intercom id. */
  byAmountAndText: z.tuple([amountKey, keyText]),
};

/** What a page's JSON holds besides its rows: `{"data":[...],"next_cursor":"..."}`. */
const ENVELOPE_BYTES = 1024;

const utf8 = new TextEncoder();
/** The bytes a value adds to an answer's JSON (UTF-8, as the client receives it). */
export const jsonBytes = (value: unknown) => utf8.encode(JSON.stringify(value)).byteLength;

interface PageOptions<T> {
  /** Bytes the rows may take (PAGE_BYTES less what else the answer holds). */
  budget?: number;
  /** False for a row fetched without its large columns (src/db/page-budget.ts): it ends the page. */
  loaded?: (row: T) => boolean;
}

/**
 * A page from rows fetched with `limit + 1`, shown through `view`. Rows go in while the
 * page's JSON stays within the byte budget (PAGE_BYTES); the first always goes in, so a list
 * always moves on. A row left out (the extra one, one too heavy, one not loaded whole) says
 * there is a next page, whose cursor is the key of this page's last row.
 */
export function pageFrom<T, V>(
  rows: readonly T[],
  limit: number,
  keyOf: (row: T) => PageKey,
  view: (row: T) => V,
  options: PageOptions<T> = {},
): { data: V[]; next_cursor: string | null } {
  const budget = options.budget ?? PAGE_BYTES - ENVELOPE_BYTES;
  const data: V[] = [];
  let used = 0;
  let last: T | undefined;
  for (const row of rows.slice(0, limit)) {
    if (data.length > 0 && options.loaded && !options.loaded(row)) break;
    const shown = view(row);
    // Its JSON and the comma before the next.
    const bytes = jsonBytes(shown) + 1;
    if (data.length > 0 && used + bytes > budget) break;
    data.push(shown);
    used += bytes;
    last = row;
  }
  return {
    data,
    next_cursor: rows.length > data.length && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}
