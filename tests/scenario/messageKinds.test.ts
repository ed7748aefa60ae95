// The message kinds a drop-message or delay-message event may name are the kinds the models send:
// a kind a model starts sending must be added to src/scenario/messageKinds.ts, or the parser would
// refuse a file that names it.

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hostOf } from '../../src/engine/network';
import { MESSAGE_KINDS, MESSAGE_PROCESSES } from '../../src/scenario/messageKinds';
import { simulate } from '../../src/simulate';
import { loadScenario } from '../support/scenarios';

const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml'));

describe('message kinds', () => {
  it('no kind belongs to both sides, so a kind names its side', () => {
    const both = MESSAGE_KINDS.kubernetes.filter((k) => MESSAGE_KINDS.mesos.includes(k));
    expect(both).toEqual([]);
  });

  for (const side of ['kubernetes', 'mesos'] as const) {
    it(`every kind and process a ${side} run records is listed`, () => {
      const kinds = new Set<string>();
      const processes = new Set<string>();
      for (const file of files) {
        const run = simulate(loadScenario(`scenarios/${file}`), side, { messages: true });
        for (const m of run.messages) {
          kinds.add(m.kind);
          for (const address of [m.from, m.to])
            processes.add(address.slice(hostOf(address).length + 1));
        }
      }
      expect([...kinds].filter((k) => !MESSAGE_KINDS[side].includes(k))).toEqual([]);
      expect([...processes].filter((p) => !MESSAGE_PROCESSES.includes(p))).toEqual([]);
      // Most listed kinds show up in the bundled scenarios; the list is not padded.
      expect(kinds.size).toBeGreaterThan(MESSAGE_KINDS[side].length * 0.7);
    });
  }
});
