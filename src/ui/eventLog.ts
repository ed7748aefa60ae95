// What happened, both sides merged in time order; the latest event at the playhead is
// highlighted and kept in view. Click an event to jump there; "why?" walks its causes.

import { upperBound } from '../run/queries';
import type { RunEvent, Side } from '../run/types';
import { pause, seek, select } from '../store/actions';
import { activeRuns, clockLabel, isKeyEvent } from '../store/selectors';
import type { ClusterplayStore } from '../store/store';
import type { Runs } from '../store/types';
import { $, el } from './dom';

interface Entry {
  side: Side;
  event: RunEvent;
  node: HTMLElement;
}

export function mountEventLog(store: ClusterplayStore): () => void {
  const list = $('[data-testid="event-log"]');
  let shownFor: Runs | null = null;
  let entries: Entry[] = [];
  let current: HTMLElement | null = null;

  const build = (runs: Runs) => {
    const merged: { side: Side; event: RunEvent; both?: boolean }[] = [];
    // Scripted moments happen on both sides alike: list them once.
    const scripted = new Map<string, { side: Side; event: RunEvent; both?: boolean }>();
    for (const side of ['kubernetes', 'mesos'] as const) {
      for (const event of runs[side].events) {
        if (!isKeyEvent(event)) continue;
        if (event.type === 'narration' || event.type === 'fault.injected') {
          const key = `${event.type}|${event.t}|${event.host}|${event.text}`;
          const seen = scripted.get(key);
          if (seen) {
            seen.both = true;
            continue;
          }
          const entry: { side: Side; event: RunEvent; both?: boolean } = { side, event };
          scripted.set(key, entry);
          merged.push(entry);
          continue;
        }
        merged.push({ side, event });
      }
    }
    merged.sort(
      (a, b) => a.event.t - b.event.t || (a.side < b.side ? -1 : 1) || a.event.seq - b.event.seq,
    );
    // Thirty tasks lost at one instant read as one line, not thirty.
    const grouped: { side: Side; event: RunEvent; both?: boolean; more: number }[] = [];
    for (const m of merged) {
      const last = grouped[grouped.length - 1];
      const same =
        last &&
        !m.both &&
        last.side === m.side &&
        last.event.type === m.event.type &&
        last.event.t === m.event.t &&
        last.event.native === m.event.native &&
        m.event.type.startsWith('replica.');
      if (same) last.more++;
      else grouped.push({ ...m, more: 0 });
    }
    entries = grouped.map(({ side, event, both, more }) => {
      const why = el('button', { text: 'why?', className: 'why', title: 'What caused this' });
      why.type = 'button';
      why.hidden = event.cause === null;
      why.addEventListener('click', (e) => {
        e.stopPropagation();
        select(store, { kind: 'event', side, seq: event.seq });
      });
      const node = el(
        'li',
        { className: `entry ${both ? 'both' : side}`, testid: 'event' },
        el('span', { text: clockLabel(event.t), className: 't' }),
        el('span', {
          text: both ? 'Both' : side === 'kubernetes' ? 'K8s' : 'Mesos',
          className: 'side',
        }),
        el(
          'span',
          {
            text: more > 0 ? `${event.text} (and ${more} more like it)` : event.text,
            className: 'text',
          },
          ...(event.native ? [' ', el('code', { text: event.native })] : []),
        ),
        why,
      );
      node.dataset.type = event.type;
      node.addEventListener('click', () => {
        pause(store);
        seek(store, event.t);
        select(store, { kind: 'event', side, seq: event.seq });
      });
      return { side, event, node };
    });
    list.replaceChildren(...entries.map((e) => e.node));
  };

  return () => {
    const s = store.getState();
    const runs = activeRuns(s);
    if (runs !== shownFor) {
      shownFor = runs;
      current = null;
      if (runs) build(runs);
      else list.replaceChildren();
    }
    const i =
      upperBound(
        entries.map((e) => ({ t: e.event.t })),
        s.playheadMs,
      ) - 1;
    const next = entries[i]?.node ?? null;
    if (next !== current) {
      current?.classList.remove('current');
      next?.classList.add('current');
      current = next;
      // Scroll the log only, never the page: scrollIntoView would move the window too.
      if (next) {
        const top = next.offsetTop;
        if (top < list.scrollTop || top + next.offsetHeight > list.scrollTop + list.clientHeight) {
          list.scrollTop = Math.max(0, top - list.clientHeight / 2);
        }
      }
    }
    for (let k = 0; k < entries.length; k++) entries[k]!.node.classList.toggle('future', k > i);
  };
}
