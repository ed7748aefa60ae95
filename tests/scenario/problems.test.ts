import { describe, expect, it } from 'vitest';
import { formatProblem, parseScenario } from '../../src/scenario';
import { MAX_PROBLEMS } from '../../src/scenario/problems';

describe('formatProblem', () => {
  it('writes FILE:LINE:COL PATH: MESSAGE', () => {
    const problem = {
      file: 'scenarios/x.yaml',
      line: 14,
      col: 9,
      path: 'apps[0].cpu',
      message: 'expected cores like 0.5 or 500m, got "fast"',
    };
    expect(formatProblem(problem)).toBe(
      'scenarios/x.yaml:14:9 apps[0].cpu: expected cores like 0.5 or 500m, got "fast"',
    );
  });

  it('leaves the path out when the problem is about the whole file', () => {
    expect(
      formatProblem({ file: 'x.yaml', line: 1, col: 1, path: '', message: 'the file is empty' }),
    ).toBe('x.yaml:1:1 the file is empty');
  });
});

describe('a file full of mistakes', () => {
  const events = Array.from(
    { length: 150 },
    (_, i) => `  - { at: ${i}s, do: fail-node, target: ghost-${i} }`,
  );
  const text = `version: 1
title: Ghosts
duration: 10m
cluster: { controlPlane: 1, workers: { count: 2, cpu: 1, memory: 1Gi } }
events:
${events.join('\n')}
`;
  const result = parseScenario(text, 'ghosts.yaml');
  const problems = result.ok ? [] : result.problems;

  it(`lists the first ${MAX_PROBLEMS} in file order, then counts the rest`, () => {
    expect(problems).toHaveLength(MAX_PROBLEMS + 1);
    expect(formatProblem(problems[0]!)).toBe(
      'ghosts.yaml:6:38 events[0].target: unknown host "ghost-0"; expected one of control-1, node-1, node-2, leader',
    );
    expect(formatProblem(problems[MAX_PROBLEMS]!)).toBe(
      'ghosts.yaml:106:40 and 50 more problems after these 100',
    );
  });
});
