import type { z } from "zod";
import { AppError } from "../shared/errors.ts";

/** Parses input with a zod schema; a failure names every field that was wrong. */
export function validate<T extends z.ZodType>(schema: T, input: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new AppError("invalid_request", `invalid ${what}`, {
    problems: result.error.issues.map((issue) => ({
      field: issue.path.join(".") || `(${what})`,
      message: issue.message,
    })),
  });
}
