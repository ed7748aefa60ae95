// Text → plain JavaScript value, refusing what would make the yaml library slow or deep: files
// over 1 MiB, nesting deeper than 32 levels (checked while parsing, before anything recurses) and
// alias bombs. YAML syntax errors keep the line and column the yaml library gives.

import type { CST, YAMLError } from 'yaml';
import { Composer, Lexer, LineCounter, Parser } from 'yaml';
import { checkShape, firstAliasOffset } from './documentShape';
import { Locator } from './positions';

export const MAX_BYTES = 1024 * 1024;
export const MAX_DEPTH = 32;
/** yaml's own default for `maxAliasCount`: no anchor may be expanded more than this many times. */
export const MAX_ALIAS_COUNT = 100;
/** Resolving an alias scans the anchors before it, so thousands of aliases cost seconds. */
export const MAX_ALIASES = 1_000;
/** The parser's stack holds the document and the scalar in hand besides one entry per level. */
const MAX_PARSER_STACK = MAX_DEPTH + 8;

export interface SpotProblem {
  line: number;
  col: number;
  message: string;
}

export type YamlRead =
  { ok: true; value: unknown; locator: Locator } | { ok: false; problems: SpotProblem[] };

const TOO_DEEP = `the document is nested more than ${MAX_DEPTH} levels deep`;

function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A surrogate pair is 4 bytes in all: 2 for each half.
    if (code < 0x80) bytes += 1;
    else if (code < 0x800 || (code >= 0xd800 && code <= 0xdfff)) bytes += 2;
    else bytes += 3;
  }
  return bytes;
}

export function readYaml(text: string): YamlRead {
  const bytes = utf8Bytes(text);
  if (bytes > MAX_BYTES) {
    const message = `the file is ${bytes} bytes; a scenario may be at most 1 MiB (${MAX_BYTES} bytes)`;
    return { ok: false, problems: [{ line: 1, col: 1, message }] };
  }
  const lineCounter = new LineCounter();
  const depth: { offset: number | null } = { offset: null };
  const tokens = parseShallow(text, lineCounter, depth);
  // uniqueKeys off: yaml compares each key with every earlier one; documentShape.ts uses a Set.
  const composer = new Composer({ prettyErrors: false, uniqueKeys: false });
  const docs = [...composer.compose(tokens, true, text.length)];
  if (depth.offset !== null) {
    const { line, col } = lineCounter.linePos(depth.offset);
    return { ok: false, problems: [{ line, col, message: TOO_DEEP }] };
  }
  const doc = docs[0];
  const spot = (offset: number, message: string): SpotProblem => ({
    ...lineCounter.linePos(offset),
    message,
  });
  if (!doc) return { ok: false, problems: [spot(0, 'the file is empty')] };
  const problems = doc.errors.map((error) => spot(error.pos[0], syntaxMessage(error)));
  const second = docs[1];
  if (second) {
    const message = 'the file holds more than one YAML document (a second one starts here)';
    problems.push(spot(second.range[0], message));
  }
  if (problems.length > 0) return { ok: false, problems };
  if (doc.contents === null) return { ok: false, problems: [spot(0, 'the file is empty')] };

  const shapeProblems = checkShape(doc, MAX_DEPTH, MAX_ALIASES);
  if (shapeProblems.length > 0) {
    return { ok: false, problems: shapeProblems.map((p) => spot(p.offset, p.message)) };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    const message = `an anchor is expanded through aliases more than ${MAX_ALIAS_COUNT} times; write the values out instead`;
    return { ok: false, problems: [spot(firstAliasOffset(doc), message)] };
  }
  return { ok: true, value, locator: new Locator(doc, lineCounter) };
}

/**
 * The parser's tokens, stopping (and noting where) once the document is nested too deeply: the
 * parser keeps a stack, but composing and converting the document recurse.
 */
function* parseShallow(
  text: string,
  lineCounter: LineCounter,
  depth: { offset: number | null },
): Generator<CST.Token> {
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  // Where the stack first grew past a 32-deep document's, to point at the first level too many.
  let deepOffset: number | null = null;
  for (const lexeme of new Lexer().lex(text)) {
    yield* parser.next(lexeme);
    if (deepOffset === null && parser.stack.length > MAX_DEPTH + 1) deepOffset = parser.offset;
    if (parser.stack.length > MAX_PARSER_STACK) {
      depth.offset = deepOffset ?? parser.offset;
      return;
    }
  }
  yield* parser.end();
}

function syntaxMessage(error: YAMLError): string {
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return 'YAML does not allow tabs for indentation; use spaces';
    case 'BLOCK_AS_IMPLICIT_KEY':
      // The usual cause: `say: Both start settled: every replica runs`.
      return `YAML syntax error: ${error.message} (if this value contains ": ", put the whole value in quotes)`;
    default: {
      const firstLine = error.message.split('\n')[0] ?? error.message;
      return `YAML syntax error: ${firstLine}`;
    }
  }
}
