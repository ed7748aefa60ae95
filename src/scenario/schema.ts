// The glue between valibot and our problems. valibot checks shapes (mappings, lists, required and
// unknown keys) and runs our leaf parsers; its issues become Problems at the YAML node their path
// names, with messages written for teachers rather than valibot's own.

import * as v from 'valibot';
import type { Anchor, Locator, Path } from './positions';
import { formatPath } from './positions';
import type { Message } from './problems';
import { expectedGot, listProblems } from './problems';
import { suggest, unknownName } from './suggest';
import type { Problem } from './types';

/** What a leaf parser returns: the value, or what was expected (or a whole message). */
export type Parsed<T> =
  { ok: true; value: T } | { ok: false; expected: string } | { ok: false; message: string };

export type Checked<T> = { ok: true; value: T } | { ok: false };

/** Collects problems, each placed at the node its path names. */
export class Report {
  private readonly found: (Omit<Problem, 'message'> & { message: Message })[] = [];

  constructor(
    readonly file: string,
    private readonly locator: Locator,
  ) {}

  get size(): number {
    return this.found.length;
  }

  add(path: Path, message: Message, anchor: Anchor = 'value'): void {
    const { line, col } = this.locator.at(path, anchor);
    this.found.push({ file: this.file, line, col, path: formatPath(path), message });
  }

  problems(): Problem[] {
    return listProblems(this.found);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function failure(parsed: Exclude<Parsed<unknown>, { ok: true }>, found: unknown): string {
  return 'message' in parsed ? parsed.message : expectedGot(parsed.expected, found);
}

/** A leaf value through one of our parsers (units.ts, leaves.ts). */
export function leaf<T>(parse: (raw: unknown) => Parsed<T>) {
  return v.pipe(
    v.unknown(),
    v.rawTransform<unknown, T>(({ dataset, addIssue, NEVER }) => {
      const parsed = parse(dataset.value);
      if (parsed.ok) return parsed.value;
      addIssue({ message: failure(parsed, dataset.value) });
      return NEVER;
    }),
  );
}

/**
 * A mapping with the given keys: each unknown key and each missing required key is a problem,
 * except that a misspelt key (`replcas`) is one mistake, not also a missing `replicas`.
 */
export function mapping<const E extends v.ObjectEntries>(what: string, entries: E) {
  const keys = Object.keys(entries);
  return v.pipe(
    v.unknown(),
    v.check(isRecord, (issue) => expectedGot(what, issue.input)),
    v.looseObject(entries, (issue) => `missing required key ${issue.expected ?? ''}`),
    v.rawCheck(({ dataset, addIssue }) => {
      const input = dataset.value;
      if (!isRecord(input)) return;
      const meant = new Set<string>();
      for (const key of Object.keys(input)) {
        if (Object.hasOwn(entries, key)) continue;
        const guess = suggest(key, keys);
        if (guess !== null) meant.add(guess);
        const pathItem = { type: 'object', origin: 'key', input, key, value: input[key] } as const;
        addIssue({ message: unknownName('key', key, keys), path: [pathItem] });
      }
      if (meant.size > 0 && dataset.issues) {
        const issues = dataset.issues as v.BaseIssue<unknown>[];
        const isMisspelt = (issue: v.BaseIssue<unknown>) => {
          const only = issue.path?.length === 1 ? issue.path[0] : undefined;
          const key = String(only?.key);
          return only?.origin === 'key' && !Object.hasOwn(input, key) && meant.has(key);
        };
        const kept = issues.filter((issue) => !isMisspelt(issue));
        issues.splice(0, issues.length, ...kept);
      }
    }),
  );
}

/** A list whose items each pass `item`. */
export function list<const S extends v.GenericSchema>(what: string, item: S) {
  return v.array(item, (issue) => expectedGot(what, issue.input));
}

/** Runs `schema` on `raw` (found at `path`), reporting every issue; the value if there were none. */
export function check<T>(
  report: Report,
  schema: v.GenericSchema<unknown, T>,
  raw: unknown,
  path: Path,
): Checked<T> {
  const result = v.safeParse(schema, raw, { abortEarly: false });
  if (result.success) return { ok: true, value: result.output };
  for (const issue of result.issues) {
    const items = issue.path ?? [];
    const last = items[items.length - 1];
    let anchor: Anchor = 'value';
    if (last?.origin === 'key') {
      const input = last.input;
      anchor = isRecord(input) && Object.hasOwn(input, String(last.key)) ? 'key' : 'parent';
    }
    const keys = items.map((item) => item.key as string | number);
    report.add([...path, ...keys], issue.message, anchor);
  }
  return { ok: false };
}
