import type { Context } from "hono";
import { readBodyWithLimit } from "../../http/read-body.ts";
import { AppError } from "../../shared/errors.ts";
import { unstorable } from "../../shared/storable.ts";

/** Dashboard forms are a few short fields: a key, a mode, an id. */
const MAX_FORM_BYTES = 4096;

/**
 * The fields of a urlencoded form post (what the page's forms and its script send), read up to
 * 4 KB. Any other body is refused: only a form post passes the origin check (hono/csrf checks
 * form types), so nothing else may act.
 */
export async function readForm(c: Context): Promise<Record<string, string>> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\b/i.test(type))
    throw new AppError(
      "invalid_request",
      "body must be a form (application/x-www-form-urlencoded)",
      {
        problems: [{ field: "body", message: "is not a urlencoded form" }],
      },
    );
  const bytes = await readBodyWithLimit(c.req.raw, MAX_FORM_BYTES);
  const fields = Object.fromEntries(new URLSearchParams(new TextDecoder().decode(bytes)));
  for (const [name, value] of Object.entries(fields))
    if (unstorable(name) || unstorable(value))
      throw new AppError(
        "invalid_request",
        `body.${name} contains a NUL character or an unpaired surrogate`,
        {
          problems: [
            { field: `body.${name}`, message: "contains a NUL character or an unpaired surrogate" },
          ],
        },
      );
  return fields;
}
