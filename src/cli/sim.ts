// `npm run sim -- FILE [--json | --md] [--seed N] [--only kubernetes|mesos]` (contract 4).
// Exit 0 when the run is made; 2 when the scenario is invalid, one `FILE:LINE:COL PATH: MESSAGE`
// line per problem on stderr; 1 for anything else, with a one-line message. Never a stack trace.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { reportMarkdown } from '../run/markdown';
import { buildReport, reportJson } from '../run/report';
import type { Run, Side } from '../run/types';
import { SIDES } from '../run/types';
import { formatProblem, parseScenario } from '../scenario';
import { simulate } from '../simulate';

export const USAGE =
  'usage: npm run sim -- FILE [--json | --md] [--seed N] [--only kubernetes|mesos] [--messages] [--keyframes]';

export interface CliResult {
  code: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

class UsageError extends Error {}

function options(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      md: { type: 'boolean' },
      seed: { type: 'string' },
      only: { type: 'string' },
      messages: { type: 'boolean' },
      keyframes: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true as const };
  if (positionals.length !== 1) throw new UsageError('expected exactly one scenario FILE');
  if (values.json && values.md) throw new UsageError('--json and --md cannot be used together');
  let seed: number | undefined;
  if (values.seed !== undefined) {
    seed = Number(values.seed);
    if (!/^\d+$/.test(values.seed) || seed > 4294967295)
      throw new UsageError(`--seed expects a whole number 0..4294967295, got "${values.seed}"`);
  }
  let sides: readonly Side[] = SIDES;
  if (values.only !== undefined) {
    if (!SIDES.includes(values.only as Side))
      throw new UsageError(`--only expects kubernetes or mesos, got "${values.only}"`);
    sides = [values.only as Side];
  }
  return {
    help: false as const,
    file: positionals[0]!,
    format: values.md ? ('md' as const) : ('json' as const),
    seed,
    sides,
    messages: values.messages ?? false,
    keyframes: values.keyframes ?? false,
  };
}

/** The whole command as a function, so tests run it in-process. */
export function runCli(argv: string[], read = (f: string) => readFileSync(f, 'utf8')): CliResult {
  try {
    const opts = options(argv);
    if (opts.help) return { code: 0, stdout: USAGE + '\n', stderr: '' };
    let text: string;
    try {
      text = read(opts.file);
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'no such file'
          : String((error as Error).message);
      return { code: 1, stdout: '', stderr: `sim: cannot read ${opts.file}: ${reason}\n` };
    }
    const parsed = parseScenario(text, opts.file);
    if (!parsed.ok) {
      return {
        code: 2,
        stdout: '',
        stderr: parsed.problems.map((p) => formatProblem(p) + '\n').join(''),
      };
    }
    const scenario = parsed.scenario;
    const seed = opts.seed ?? scenario.seed;
    const runs: Partial<Record<Side, Run>> = {};
    for (const side of opts.sides) runs[side] = simulate(scenario, side, { seed });
    const report = buildReport(
      { file: opts.file, title: scenario.title, seed, durationMs: scenario.durationMs },
      runs,
      { messages: opts.messages, keyframes: opts.keyframes },
    );
    return {
      code: 0,
      stdout: opts.format === 'md' ? reportMarkdown(report) : reportJson(report),
      stderr: '',
    };
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      return { code: 1, stdout: '', stderr: `sim: ${(error as Error).message}\n${USAGE}\n` };
    }
    return { code: 1, stdout: '', stderr: `sim: internal error: ${(error as Error).message}\n` };
  }
}

const isMain =
  process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain) {
  const result = runCli(process.argv.slice(2));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}
