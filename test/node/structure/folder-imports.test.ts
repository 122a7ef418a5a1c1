import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

/*
 * The layering rule of src/: no two folders import each other, directly or round a longer
 * circle. A folder here is a top-level one (src/sync/ with src/sync/contacts/ in it: a domain's
 * sub-folders are parts of it); each file directly in src/ (index.ts, deps.ts, services.ts) is
 * a node of its own. Type-only imports count: they tie the folders together just the same.
 */

const SRC = resolve(import.meta.dirname, "../../../src");

/** Every relative module a file names: import, import type, export … from, import(). */
const SPECIFIER = new RegExp(
  [
    String.raw`\b(?:import|export)\s+(?:[\w*\s{},$]*?\s+from\s+)?["'](\.{1,2}/[^"']+)["']`,
    String.raw`\bimport\(\s*["'](\.{1,2}/[^"']+)["']\s*\)`,
  ].join("|"),
  "g",
);

/** For each edge `from -> to`, the first file import that makes it (to name it in a failure). */
type Graph = Map<string, Map<string, string>>;

const nodeOf = (file: string) => file.split(sep)[0] ?? file;

function srcGraph(): { graph: Graph; files: number } {
  const files = readdirSync(SRC, { recursive: true, encoding: "utf8" }).filter((f) =>
    /\.tsx?$/.test(f),
  );
  const graph: Graph = new Map();
  for (const file of files) {
    const text = readFileSync(join(SRC, file), "utf8");
    for (const match of text.matchAll(SPECIFIER)) {
      const specifier = match[1] ?? match[2] ?? "";
      const target = relative(SRC, resolve(SRC, dirname(file), specifier));
      if (target.startsWith("..")) continue;
      const [from, to] = [nodeOf(file), nodeOf(target)];
      if (from === to) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      if (!edges.has(to)) edges.set(to, `${file} imports ${target}`);
      graph.set(from, edges);
    }
  }
  return { graph, files: files.length };
}

/**
 * The circles of a graph: each strongly connected component of more than one node (Tarjan),
 * named by one cycle through it, with the import behind each step.
 */
function circles(graph: Graph): string[] {
  const nodes = [
    ...new Set([...graph.keys(), ...[...graph.values()].flatMap((e) => [...e.keys()])]),
  ];
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v) ?? 0);
    stack.push(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop())
      component.push(w);
    if (component.length > 1) components.push(component.sort());
  };
  for (const v of nodes.sort()) if (!index.has(v)) visit(v);
  return components.map((component) => describeCycle(graph, component));
}

/** The shortest way round from the component's first node back to it, import by import. */
function describeCycle(graph: Graph, component: string[]): string {
  const start = component[0] ?? "";
  const inside = new Set(component);
  const previous = new Map<string, string>();
  const queue = [start];
  let last: string | undefined;
  for (let v = queue.shift(); v !== undefined && last === undefined; v = queue.shift()) {
    for (const w of graph.get(v)?.keys() ?? []) {
      if (w === start) {
        last = v;
        break;
      }
      if (inside.has(w) && !previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  const path = [start];
  for (let v = last; v !== undefined && v !== start; v = previous.get(v)) path.splice(1, 0, v);
  path.push(start);
  const steps = path.slice(1).map((to, i) => graph.get(path[i] ?? "")?.get(to));
  const others = component.length > path.length - 1 ? ` among ${component.join(", ")}` : "";
  return `${path.join(" -> ")} (${steps.join("; ")})${others}`;
}

const graphOf = (edges: Record<string, string[]>): Graph =>
  new Map(
    Object.entries(edges).map(([from, tos]) => [
      from,
      new Map(tos.map((to) => [to, `${from}/a.ts imports ${to}/b.ts`])),
    ]),
  );

describe("folder imports", () => {
  it("finds and names a circle, direct or round several folders", () => {
    expect(circles(graphOf({ a: ["b"], b: ["c"], c: [] }))).toEqual([]);
    expect(
      circles(graphOf({ erasure: ["conversations", "db"], conversations: ["erasure"] })),
    ).toEqual([
      "conversations -> erasure -> conversations (conversations/a.ts imports erasure/b.ts; " +
        "erasure/a.ts imports conversations/b.ts)",
    ]);
    const [long] = circles(graphOf({ a: ["b"], b: ["c"], c: ["a"], d: ["a"] }));
    expect(long).toMatch(/^a -> b -> c -> a \(/);
  });

  it("reads the imports of src/", () => {
    const { graph, files } = srcGraph();
    expect(files).toBeGreaterThan(200);
    // Known edges of each import form: a plain import, a type import, and one from the root.
    expect(graph.get("sync")?.has("db")).toBe(true);
    expect(graph.get("http")?.has("services.ts")).toBe(true);
    expect(graph.get("app.ts")?.has("dashboard")).toBe(true);
  });

  it("no two folders of src/ import each other", () => {
    expect(circles(srcGraph().graph)).toEqual([]);
  });
});
