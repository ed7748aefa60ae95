// One walk over a composed document, with an explicit stack rather than recursion: how deep it
// nests, keys that are not plain scalars or appear twice, aliases before their anchor or inside
// it, and too many aliases.

import type { Document, Node } from 'yaml';
import { isAlias, isCollection, isMap, isPair, isScalar } from 'yaml';

export interface ShapeProblem {
  offset: number;
  message: string;
}

const offsetOf = (node: unknown, fallback = 0) => (node as Node | null)?.range?.[0] ?? fallback;

/** Problems in document order; the walk stops at the first that makes the rest unsafe to read. */
export function checkShape(doc: Document, maxDepth: number, maxAliases: number): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  const anchors = new Map<string, Node>();
  const open = new Set<Node>();
  let aliases = 0;
  const stack: { node: unknown; depth: number; exit?: boolean }[] = [
    { node: doc.contents, depth: 1 },
  ];
  const stop = (offset: number, message: string) => [...problems, { offset, message }];
  while (stack.length > 0) {
    const { node, depth, exit } = stack.pop() as (typeof stack)[number];
    if (exit) {
      open.delete(node as Node);
      continue;
    }
    const offset = offsetOf(node);
    if (isAlias(node)) {
      const name = node.source;
      const target = anchors.get(name);
      if (!target) return stop(offset, `the alias *${name} has no anchor &${name} before it`);
      if (open.has(target)) return stop(offset, `the alias *${name} is inside its own anchor`);
      if (++aliases > maxAliases) {
        return stop(offset, `more than ${maxAliases} aliases; write the values out instead`);
      }
      continue;
    }
    if ((isScalar(node) || isCollection(node)) && node.anchor) anchors.set(node.anchor, node);
    if (!isCollection(node)) continue;
    if (depth > maxDepth)
      return stop(offset, `the document is nested more than ${maxDepth} levels deep`);
    open.add(node);
    stack.push({ node, depth, exit: true });
    const children: unknown[] = [];
    const keys = new Set<string>();
    for (const item of node.items) {
      if (!isPair(item)) {
        children.push(item);
        continue;
      }
      const { key } = item;
      if (key !== null && !isScalar(key)) {
        return stop(offsetOf(key, offset), 'a key must be a plain word, not a list or mapping');
      }
      const name = String(key?.value ?? '');
      // No scenario key is called __proto__, and plain objects treat it specially.
      if (name === '__proto__') {
        problems.push({ offset: offsetOf(key, offset), message: 'unknown key "__proto__"' });
      } else if (isMap(node) && keys.has(name)) {
        const message = `the key ${JSON.stringify(name)} appears twice in this mapping`;
        problems.push({ offset: offsetOf(key, offset), message });
      }
      keys.add(name);
      children.push(key, item.value);
    }
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push({ node: children[i], depth: depth + 1 });
    }
  }
  return problems;
}

export function firstAliasOffset(doc: Document): number {
  let offset = 0;
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0 && offset === 0) {
    const node = stack.pop();
    if (isAlias(node)) offset = offsetOf(node);
    else if (isPair(node)) stack.push(node.value, node.key);
    else if (isCollection(node)) stack.push(...[...node.items].reverse());
  }
  return offset;
}
