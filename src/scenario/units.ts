// The units of contract 1: durations, CPU and memory as a teacher writes them, turned into the
// integers the simulation uses (ms, millicores, bytes), and back into text that re-parses to the
// same number. Arithmetic is done on exact decimals (BigInt), never on binary floats, so that
// `0.1s` is 100 ms and not 100.00000000000001.

export type UnitResult = { ok: true; value: number } | { ok: false; expected: string };

const DURATION_EXPECTED = 'a duration like 500ms, 15s, 5m or 1h';
const CPU_EXPECTED = 'cores like 0.5 or 500m';
const MEMORY_EXPECTED = 'memory like 256Mi, 8Gi or a number of bytes';

/** A well-formed value that is not a whole number of the unit (or is too large to count). */
const INEXACT = 'inexact';
type Scaled = number | typeof INEXACT | null;

interface Decimal {
  digits: bigint;
  /** The value is digits × 10^exponent. */
  exponent: number;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/** A non-negative decimal from text like `12`, `0.25` or (as JavaScript prints numbers) `1e+21`. */
function parseDecimal(text: string): Decimal | null {
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  const exponent = Number(match[3] ?? '0') - fraction.length;
  if (whole.length + fraction.length > 40 || Math.abs(exponent) > 60) return null;
  return { digits: BigInt(whole + fraction), exponent };
}

/** A number (from YAML) as a decimal, exactly as JavaScript prints it; negatives fail. */
function numberAsDecimal(value: number): Decimal | null {
  return Number.isFinite(value) && value >= 0 ? parseDecimal(String(value)) : null;
}

/** decimal × factor, when that is a whole number no larger than Number.MAX_SAFE_INTEGER. */
function scaleExact(decimal: Decimal | null, factor: bigint): Scaled {
  if (!decimal) return null;
  let scaled = decimal.digits * factor;
  if (decimal.exponent >= 0) {
    scaled *= 10n ** BigInt(decimal.exponent);
  } else {
    const divisor = 10n ** BigInt(-decimal.exponent);
    if (scaled % divisor !== 0n) return INEXACT;
    scaled /= divisor;
  }
  return scaled <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(scaled) : INEXACT;
}

function result(scaled: Scaled, expected: string, inexact: string): UnitResult {
  if (typeof scaled === 'number') return { ok: true, value: scaled };
  return { ok: false, expected: scaled === INEXACT ? inexact : expected };
}

// Unit words: ours (`ms s m h`) and Mesos's (`secs mins hrs days`, as in `1/20mins`).
const DURATION_UNITS: Record<string, { ms: bigint; rank: number }> = {
  ms: { ms: 1n, rank: 0 },
  s: { ms: 1_000n, rank: 1 },
  sec: { ms: 1_000n, rank: 1 },
  secs: { ms: 1_000n, rank: 1 },
  m: { ms: 60_000n, rank: 2 },
  min: { ms: 60_000n, rank: 2 },
  mins: { ms: 60_000n, rank: 2 },
  h: { ms: 3_600_000n, rank: 3 },
  hr: { ms: 3_600_000n, rank: 3 },
  hrs: { ms: 3_600_000n, rank: 3 },
  d: { ms: 86_400_000n, rank: 4 },
  day: { ms: 86_400_000n, rank: 4 },
  days: { ms: 86_400_000n, rank: 4 },
};
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|secs?|s|mins?|m|hrs?|h|days?|d)/y;

/** `1m30s`, `1.5s`, `500ms`: parts from the largest unit down, each unit once. */
function parseDurationText(text: string): Scaled {
  DURATION_PART.lastIndex = 0;
  let total = 0;
  let lastRank = Infinity;
  let inexact = false;
  while (DURATION_PART.lastIndex < text.length) {
    const match = DURATION_PART.exec(text);
    const unit = DURATION_UNITS[match?.[2] ?? ''];
    if (!match || !unit || unit.rank >= lastRank) return null;
    lastRank = unit.rank;
    const ms = scaleExact(parseDecimal(match[1] ?? ''), unit.ms);
    if (typeof ms === 'number') total += ms;
    else inexact = true;
  }
  return inexact || !Number.isSafeInteger(total) ? INEXACT : total;
}

/** A duration in whole ms: a string with units, or a number (or numeric string) of seconds. */
export function parseDuration(raw: unknown): UnitResult {
  let ms: Scaled = null;
  if (typeof raw === 'number') {
    ms = scaleExact(numberAsDecimal(raw), 1_000n);
  } else if (typeof raw === 'string') {
    const text = raw.trim();
    const decimal = parseDecimal(text);
    ms = decimal ? scaleExact(decimal, 1_000n) : text === '' ? null : parseDurationText(text);
  }
  return result(ms, DURATION_EXPECTED, 'a duration in whole milliseconds');
}

/** CPU in whole millicores: cores as a number (`0.5`) or a string with `m` (`500m`). */
export function parseCpu(raw: unknown): UnitResult {
  let milli: Scaled = null;
  if (typeof raw === 'number') {
    milli = scaleExact(numberAsDecimal(raw), 1_000n);
  } else if (typeof raw === 'string') {
    const text = raw.trim();
    const isMilli = text.endsWith('m');
    milli = scaleExact(parseDecimal(isMilli ? text.slice(0, -1) : text), isMilli ? 1n : 1_000n);
  }
  return result(milli, CPU_EXPECTED, 'cores in steps of 0.001 (1m)');
}

// Kubernetes quantity suffixes (apimachinery pkg/api/resource/suffix.go), binary and decimal.
const MEMORY_SUFFIXES: Record<string, bigint> = {
  '': 1n,
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  k: 1_000n,
  M: 1_000_000n,
  G: 1_000_000_000n,
  T: 1_000_000_000_000n,
  P: 1_000_000_000_000_000n,
};
const MEMORY_TEXT = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/;

/** Memory in whole bytes: `256Mi`, `8Gi`, `1G`, or a number of bytes. */
export function parseMemory(raw: unknown): UnitResult {
  let bytes: Scaled = null;
  if (typeof raw === 'number') {
    bytes = scaleExact(numberAsDecimal(raw), 1n);
  } else if (typeof raw === 'string') {
    const match = MEMORY_TEXT.exec(raw.trim());
    const factor = MEMORY_SUFFIXES[match?.[2] ?? ''];
    bytes = match && factor ? scaleExact(parseDecimal(match[1] ?? ''), factor) : null;
  }
  return result(bytes, MEMORY_EXPECTED, 'a whole number of bytes');
}

/** `0s`, `500ms`, `1.5s`, `1m30s`, `1h`: the largest units first. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (!Number.isSafeInteger(ms) || ms < 1_000) return `${ms}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const secondsMs = ms % 60_000;
  return (
    (hours > 0 ? `${hours}h` : '') +
    (minutes > 0 ? `${minutes}m` : '') +
    (secondsMs > 0 ? `${secondsMs / 1_000}s` : '')
  );
}

/** Whole cores as a plain number (`2`), anything else in millicores (`500m`). */
export function formatCpu(milli: number): string {
  return milli % 1_000 === 0 ? String(milli / 1_000) : `${milli}m`;
}

const MEMORY_FORMATS = ['Pi', 'Ti', 'Gi', 'Mi', 'Ki', 'P', 'T', 'G', 'M', 'k'] as const;

/** The largest suffix that divides exactly, binary first (`8Gi`, `1G`), else plain bytes. */
export function formatMemory(bytes: number): string {
  if (Number.isSafeInteger(bytes) && bytes > 0) {
    for (const suffix of MEMORY_FORMATS) {
      const factor = MEMORY_SUFFIXES[suffix] ?? 1n;
      if (BigInt(bytes) % factor === 0n) return `${BigInt(bytes) / factor}${suffix}`;
    }
  }
  return String(bytes);
}
