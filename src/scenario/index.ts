// The scenario module's public API: contract 1 of DESIGN.md.

export { parseScenario } from './parse';
export { printScenario } from './print';
export { formatProblem } from './problems';
export type { UnitResult } from './units';
export {
  formatCpu,
  formatDuration,
  formatMemory,
  parseCpu,
  parseDuration,
  parseMemory,
} from './units';
export { formatFlagValue, parseFlagValue } from './flagValues';
export { MAX_BYTES, MAX_DEPTH } from './readYaml';
export * from './types';
export * from './flags';
