import type { z } from "zod";
import { AppError } from "../../shared/errors.ts";

/** The one shape of a validation failure: `invalid <what>`, naming every field that was wrong. */
export function invalidInput(error: z.ZodError, what: string): AppError {
  return new AppError("invalid_request", `invalid ${what}`, {
    problems: error.issues.map((issue) => ({
      field: issue.path.join(".") || `(${what})`,
      message: issue.message,
    })),
  });
}

/** Parses input with a zod schema; a failure names every field that was wrong. */
export function validate<T extends z.ZodType>(schema: T, input: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalidInput(result.error, what);
}
