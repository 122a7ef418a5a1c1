import { AppError } from "../../shared/errors.ts";
import { assertStorable } from "../../shared/storable.ts";

/**
 * Reads a body up to `limit` bytes. A declared length over the limit is refused before any
 * byte is read; an undeclared (chunked) one is cut off as soon as it passes the limit.
 */
export async function readBodyWithLimit(
  request: Request,
  limit: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () => new AppError("payload_too_large", `body exceeds ${limit} bytes`);
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw tooLarge();
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** A JSON body within `limitBytes`, parsed, holding only text Postgres can store. */
export async function readJson(request: Request, limitBytes = 256 * 1024): Promise<unknown> {
  const body = await readBodyWithLimit(request, limitBytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new AppError("invalid_request", "body is not valid JSON");
  }
  assertStorable(parsed);
  return parsed;
}
