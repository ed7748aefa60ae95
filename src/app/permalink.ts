// Links that reproduce what their author saw: `?scenario=NAME#t=SECONDS` for a bundled scenario
// as written; for an edited or dropped one, the scenario text and the edits travel compressed in
// `?s=` (lz-string), so nothing depends on a server.

import LZString from 'lz-string';
import type { ScenarioEvent } from '../scenario/types';

export interface LinkState {
  name: string;
  /** Present when the scenario is not a bundled file as written. */
  text?: string;
  edits: ScenarioEvent[];
  seconds: number;
}

export function buildLink(base: string, state: LinkState, bundled: boolean): string {
  const url = new URL(base);
  url.search = '';
  if (bundled && state.edits.length === 0) {
    url.searchParams.set('scenario', state.name);
  } else {
    const payload = JSON.stringify({
      name: state.name,
      text: state.text ?? '',
      edits: state.edits,
    });
    url.searchParams.set('s', LZString.compressToEncodedURIComponent(payload));
  }
  url.hash = `t=${Math.round(state.seconds * 10) / 10}`;
  return url.toString();
}

/** What a URL asks for; null fields when it asks for nothing in particular. */
export function readLink(href: string): {
  name: string | null;
  text: string | null;
  edits: ScenarioEvent[];
  seconds: number | null;
  problem: string | null;
} {
  const url = new URL(href);
  const hash = /(?:^#|&)t=([\d.]+)/.exec(url.hash);
  const seconds = hash ? Number(hash[1]) : null;
  const packed = url.searchParams.get('s');
  if (packed) {
    try {
      const data = JSON.parse(LZString.decompressFromEncodedURIComponent(packed) ?? '') as {
        name?: unknown;
        text?: unknown;
        edits?: unknown;
      };
      if (
        typeof data.name !== 'string' ||
        typeof data.text !== 'string' ||
        !Array.isArray(data.edits)
      ) {
        throw new Error('incomplete');
      }
      return {
        name: data.name,
        text: data.text || null,
        edits: data.edits as ScenarioEvent[],
        seconds,
        problem: null,
      };
    } catch {
      return {
        name: null,
        text: null,
        edits: [],
        seconds,
        problem: 'This link is damaged: its scenario could not be read.',
      };
    }
  }
  return { name: url.searchParams.get('scenario'), text: null, edits: [], seconds, problem: null };
}
