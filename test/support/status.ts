import { expect } from "vitest";

type Answer = Response | { status: number; body?: unknown };

/**
 * Asserts an answer's status; when it is wrong, the failure shows the body (the problem's
 * detail), not just two numbers. The body is read from a clone, so the test can still read it.
 */
export async function expectStatus(answer: Answer, status: number): Promise<void> {
  if (answer.status === status) return;
  const body =
    answer instanceof Response
      ? await answer.clone().text()
      : JSON.stringify((answer as { body?: unknown }).body);
  expect(answer.status, `expected ${status}, got ${answer.status}: ${body.slice(0, 2000)}`).toBe(
    status,
  );
}
