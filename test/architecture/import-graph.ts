import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

/** Relative-path edges of every `.ts` file under a folder: `import`, `export … from` and `import('…')`. */
export type ImportGraph = Map<string, string[]>

const specifier = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*'([^']+)'|(?:^|\n)\s*import\s*'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g

/** Reads the import graph of every `.ts` file below `root` (files keyed by their path relative to `base`). */
export function readImportGraph (root: string, base: string): ImportGraph {
  const graph: ImportGraph = new Map()
  for (const file of listTs(root)) {
    const text = readFileSync(file, 'utf8')
    const targets: string[] = []
    for (const m of text.matchAll(specifier)) {
      const spec = m[1] ?? m[2] ?? m[3]
      if (spec === undefined || !spec.startsWith('.')) continue
      targets.push(relative(base, resolve(dirname(file), spec)))
    }
    graph.set(relative(base, file), targets)
  }
  return graph
}

/** Every cycle found by a depth-first walk, each as the list of files from the first back to itself. */
export function findCycles (graph: ImportGraph): string[][] {
  const cycles: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (node: string): void => {
    state.set(node, 'open')
    stack.push(node)
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue
      const s = state.get(next)
      if (s === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next])
      else if (s === undefined) visit(next)
    }
    stack.pop()
    state.set(node, 'done')
  }
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node)
  return cycles
}

function listTs (dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...listTs(path))
    else if (entry.name.endsWith('.ts')) out.push(path)
  }
  return out
}
