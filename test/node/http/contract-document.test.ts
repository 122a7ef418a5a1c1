import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { buildApp, contractDocument } from "../../../src/http/app.ts";

describe("the generated OpenAPI document", () => {
  it("validates against the OpenAPI 3.1 schema", async () => {
    const validator = new Validator();
    const result = await validator.validate(
      contractDocument(buildApp()) as unknown as Record<string, unknown>,
    );
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("gives every operation a summary, a tag and an example-bearing error shape", () => {
    const document = contractDocument(buildApp());
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const method of ["get", "post", "delete"] as const) {
        const operation = item[method];
        if (!operation) continue;
        expect(operation.summary, `${method} ${path}`).toBeTruthy();
        expect(operation.tags?.length, `${method} ${path}`).toBe(1);
      }
    }
    const problem = document.components?.schemas?.Problem as { example?: unknown };
    expect(problem.example).toMatchObject({ status: 400 });
  });
});
