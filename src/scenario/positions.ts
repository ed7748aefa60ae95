// From a field path (`apps`, 0, `cpu`) to the line and column of the YAML node it names, so that
// every problem points at what the teacher wrote.

import type { Document, LineCounter, Node, Pair } from 'yaml';
import { isAlias, isMap, isScalar, isSeq } from 'yaml';

export type Path = readonly (string | number)[];

/** Which node of a path a problem points at: its value, its key, or the mapping that holds it. */
export type Anchor = 'value' | 'key' | 'parent';

export interface Position {
  line: number;
  col: number;
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** `apps[0].cpu`, `load.web[1].at`, `load["my app"]`. */
export function formatPath(path: Path): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (PLAIN_KEY.test(key)) text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(key)}]`;
  }
  return text;
}

export class Locator {
  /** Key → entry, per mapping, built when first needed: a file may hold 100,000 keys. */
  private readonly entries = new WeakMap<object, Map<string, Pair<Node, Node>>>();

  constructor(
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
  ) {}

  /** The position of the node at `path`, or of the deepest node on the way that exists. */
  at(path: Path, anchor: Anchor = 'value'): Position {
    const steps = anchor === 'parent' ? path.slice(0, -1) : path;
    let node = this.resolve(this.doc.contents);
    let found: Node | null = node;
    for (let i = 0; i < steps.length; i++) {
      const pair = this.child(node, steps[i]);
      if (!pair) break;
      const isLast = i === steps.length - 1;
      if (isLast && anchor === 'key' && pair.key) {
        found = pair.key;
        break;
      }
      const value = this.resolve(pair.value);
      // An empty value (`title:`) has no node of its own: point at its key.
      found = pair.value ?? pair.key ?? found;
      node = value;
    }
    return this.position(found);
  }

  private position(node: Node | null): Position {
    const offset = node?.range?.[0] ?? 0;
    return this.lineCounter.linePos(offset);
  }

  private resolve(node: unknown): Node | null {
    if (isAlias(node)) return (node.resolve(this.doc) as Node | undefined) ?? node;
    return (node as Node | null | undefined) ?? null;
  }

  /** The key and value of one step: a mapping entry, or a list item (as a pair with no key). */
  private child(node: Node | null, step: string | number | undefined): Pair<Node, Node> | null {
    if (step === undefined) return null;
    if (isMap(node)) {
      let entries = this.entries.get(node);
      if (!entries) {
        entries = new Map();
        for (const pair of node.items as Pair<Node, Node>[]) {
          const key = isScalar(pair.key) ? String(pair.key.value) : null;
          if (key !== null && !entries.has(key)) entries.set(key, pair);
        }
        this.entries.set(node, entries);
      }
      return entries.get(String(step)) ?? null;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step] as Node | undefined;
      if (item) return { key: null, value: item } as unknown as Pair<Node, Node>;
    }
    return null;
  }
}
