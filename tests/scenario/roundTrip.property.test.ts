import fc from 'fast-check';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { ParseResult } from '../../src/scenario';
import { formatProblem, parseScenario, printScenario } from '../../src/scenario';
import { validScenario } from './arbitraries';

const RUNS = { seed: 7, numRuns: 200 } as const;

/** The parser never fails on its own account: every problem is about the text. */
function isSound(result: ParseResult): boolean {
  if (result.ok) return true;
  return (
    result.problems.length > 0 &&
    result.problems.every(
      (p) =>
        p.line >= 1 &&
        p.col >= 1 &&
        p.file === 'fuzz.yaml' &&
        p.message !== '' &&
        !p.message.startsWith('internal error'),
    )
  );
}

describe('printScenario and parseScenario', () => {
  it('give back any valid scenario unchanged', () => {
    fc.assert(
      fc.property(validScenario, (scenario) => {
        const text = printScenario(scenario);
        const result = parseScenario(text, 'printed.yaml');
        if (!result.ok)
          throw new Error(`${result.problems.map(formatProblem).join('\n')}\n${text}`);
        expect(result.scenario).toEqual(scenario);
      }),
      RUNS,
    );
  });
});

describe('parseScenario on anything at all', () => {
  it('answers any string with a scenario or sound problems', () => {
    const yamlish = fc.string({
      unit: fc.constantFrom(...'ab01 :-[]{}&*!|>"\'#,?\n\t.%@'.split('')),
      maxLength: 200,
    });
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), yamlish), (text) => {
        expect(isSound(parseScenario(text, 'fuzz.yaml'))).toBe(true);
      }),
      RUNS,
    );
  });

  it('answers any JSON value with sound problems', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(isSound(parseScenario(JSON.stringify(value), 'fuzz.yaml'))).toBe(true);
      }),
      RUNS,
    );
  });

  it('answers a valid scenario with one value replaced by anything', () => {
    const mutated = fc
      .tuple(validScenario, fc.nat(), fc.jsonValue())
      .map(([scenario, pick, value]) => {
        const doc: unknown = parseYaml(printScenario(scenario));
        replaceOne(doc, pick, value);
        return stringifyYaml(doc);
      });
    fc.assert(
      fc.property(mutated, (text) => {
        expect(isSound(parseScenario(text, 'fuzz.yaml'))).toBe(true);
      }),
      RUNS,
    );
  });
});

/** Replaces the pick-th value (in walk order) of a parsed document with `value`. */
function replaceOne(root: unknown, pick: number, value: unknown): void {
  const slots: [Record<string, unknown> | unknown[], string | number][] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        slots.push([node, i]);
        stack.push(child);
      });
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        slots.push([node as Record<string, unknown>, key]);
        stack.push(child);
      }
    }
  }
  const slot = slots[pick % Math.max(1, slots.length)];
  if (slot) (slot[0] as Record<string | number, unknown>)[slot[1]] = value;
}
