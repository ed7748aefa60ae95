// How problems read: contract 1's `FILE:LINE:COL PATH: MESSAGE`, and the "got …" half of a
// message, which quotes what the teacher wrote without ever dumping a whole structure.

import type { Problem } from './types';

export function formatProblem(p: Problem): string {
  const where = `${p.file}:${p.line}:${p.col}`;
  return p.path === '' ? `${where} ${p.message}` : `${where} ${p.path}: ${p.message}`;
}

const LONG_TEXT = 40;

/** A found value as a message quotes it: `"fast"`, `3`, `nothing`, `a list`. */
export function describe(value: unknown): string {
  if (typeof value === 'string') {
    if (value.length <= LONG_TEXT) return JSON.stringify(value);
    return `${JSON.stringify(value.slice(0, LONG_TEXT) + '…')} (${value.length} characters)`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  return 'a mapping';
}

export function expectedGot(expected: string, found: unknown): string {
  return `expected ${expected}, got ${describe(found)}`;
}

/** A message, or a way to write it when it costs a search (did-you-mean among 10,000 hosts). */
export type Message = string | (() => string);

/** More than this many problems and the rest are counted, not listed. */
export const MAX_PROBLEMS = 100;

/**
 * Sorted by line then column (problems on one spot keep the order they were found in); past
 * MAX_PROBLEMS, one last line says how many more there are.
 */
export function listProblems(found: readonly (Omit<Problem, 'message'> & { message: Message })[]) {
  const sorted = found
    .map((problem, index) => ({ problem, index }))
    .sort(
      (a, b) =>
        a.problem.line - b.problem.line || a.problem.col - b.problem.col || a.index - b.index,
    )
    .map(({ problem }) => problem);
  const listed: Problem[] = sorted.slice(0, MAX_PROBLEMS).map((p) => ({
    ...p,
    message: typeof p.message === 'string' ? p.message : p.message(),
  }));
  const next = sorted[MAX_PROBLEMS];
  if (next) {
    const more = sorted.length - MAX_PROBLEMS;
    const message = `and ${more} more ${more === 1 ? 'problem' : 'problems'} after these ${MAX_PROBLEMS}`;
    listed.push({ ...next, path: '', message });
  }
  return listed;
}
