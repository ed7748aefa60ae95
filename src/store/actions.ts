// Everything that changes the store, as plain functions of (store, …). The UI, keys and tests
// all go through these.

import { formatProblem, parseScenario } from '../scenario';
import type { Scenario, ScenarioEvent } from '../scenario/types';
import { versionFor } from '../scenario/types';
import { activeBranch, chapterTimes, durationMs, eventTimes } from './selectors';
import type { ClusterplayStore } from './store';
import type { Branch, ClusterplayState, Runs, Selection } from './types';
import { SPEEDS } from './types';

/** Simulates both sides of a scenario (in a Web Worker on the page, in-process in tests). */
export type Simulator = (scenario: Scenario) => Promise<Runs>;

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export function seek(store: ClusterplayStore, ms: number): void {
  const end = durationMs(store.getState());
  store.setState({ playheadMs: clamp(Math.round(ms), 0, end) });
}

export function play(store: ClusterplayStore): void {
  const s = store.getState();
  if (s.playheadMs >= durationMs(s)) store.setState({ playheadMs: 0 });
  store.setState({ playing: true });
}

export function pause(store: ClusterplayStore): void {
  store.setState({ playing: false });
}

export function togglePlay(store: ClusterplayStore): void {
  if (store.getState().playing) pause(store);
  else play(store);
}

/**
 * Advance playback by `wallMs` of real time. Stops at the end and at the first chapter mark
 * crossed (the presenter's pause), landing exactly on it.
 */
export function advance(store: ClusterplayStore, wallMs: number): void {
  const s = store.getState();
  if (!s.playing) return;
  const from = s.playheadMs;
  let to = from + wallMs * s.speed;
  const chapter = chapterTimes(s).find((t) => t > from && t <= to);
  const end = durationMs(s);
  if (chapter !== undefined) {
    store.setState({ playheadMs: chapter, playing: false });
    return;
  }
  if (to >= end) {
    to = end;
    store.setState({ playheadMs: to, playing: false });
    return;
  }
  store.setState({ playheadMs: to });
}

/** ← / →: to the previous or next moment something happened on either side. */
export function stepEvent(store: ClusterplayStore, direction: 1 | -1): void {
  const s = store.getState();
  const times = eventTimes(s);
  const t = s.playheadMs;
  const next = direction > 0 ? times.find((x) => x > t) : [...times].reverse().find((x) => x < t);
  pause(store);
  if (next !== undefined) seek(store, next);
}

/** Shift+← / →: one simulated second. */
export function stepSecond(store: ClusterplayStore, direction: 1 | -1): void {
  pause(store);
  seek(store, store.getState().playheadMs + direction * 1000);
}

/** PageDown / PageUp: the next or previous chapter mark (clickers send these). */
export function stepChapter(store: ClusterplayStore, direction: 1 | -1): void {
  const s = store.getState();
  const times = [0, ...chapterTimes(s), durationMs(s)];
  const t = s.playheadMs;
  const next = direction > 0 ? times.find((x) => x > t) : [...times].reverse().find((x) => x < t);
  pause(store);
  if (next !== undefined) seek(store, next);
}

export function setSpeed(store: ClusterplayStore, speed: number): void {
  store.setState({ speed: clamp(speed, SPEEDS[0], SPEEDS[SPEEDS.length - 1] ?? speed) });
}

/** `[` / `]`: the next slower or faster preset. */
export function stepSpeed(store: ClusterplayStore, direction: 1 | -1): void {
  const speed = store.getState().speed;
  const i = SPEEDS.findIndex((x) => x >= speed);
  const index = clamp((i < 0 ? SPEEDS.length - 1 : i) + direction, 0, SPEEDS.length - 1);
  setSpeed(store, SPEEDS[index]!);
}

export function select(store: ClusterplayStore, selection: Selection | null): void {
  store.setState({ selection });
}

export function togglePresenter(store: ClusterplayStore): void {
  store.setState((s) => ({ presenter: !s.presenter }));
}

export function toggleBlank(store: ClusterplayStore): void {
  store.setState((s) => ({ blank: !s.blank }));
}

export function toggleHelp(store: ClusterplayStore, open?: boolean): void {
  store.setState((s) => ({ help: open ?? !s.help }));
}

export function openHostMenu(store: ClusterplayStore, menu: ClusterplayState['hostMenu']): void {
  store.setState({ hostMenu: menu });
}

/**
 * Load a scenario's text. A bad one sets `error` (one line per problem, as the CLI prints them)
 * and leaves everything else as it was; a good one replaces the branches and is simulated.
 */
export async function loadScenario(
  store: ClusterplayStore,
  simulator: Simulator,
  name: string,
  text: string,
  file = `scenarios/${name}.yaml`,
  edits: ScenarioEvent[] = [],
): Promise<boolean> {
  const parsed = parseScenario(text, file);
  if (!parsed.ok) {
    store.setState({ error: parsed.problems.map(formatProblem).join('\n') });
    return false;
  }
  const base: Branch = {
    id: 1,
    parent: null,
    label: 'as written',
    scenario: parsed.scenario,
    edits: [],
    runs: null,
  };
  store.setState({ simulating: true });
  const runs = await simulator(parsed.scenario);
  store.setState({
    scenarioName: name,
    scenarioText: text,
    branches: [{ ...base, runs }],
    activeBranch: 1,
    error: null,
    simulating: false,
    playheadMs: 0,
    playing: false,
    selection: null,
    hostMenu: null,
  });
  for (const edit of edits) await editPast(store, simulator, edit);
  return true;
}

/** Append an event at its time to the active branch's scenario, as a new branch (rule 2). */
export async function editPast(
  store: ClusterplayStore,
  simulator: Simulator,
  event: ScenarioEvent,
): Promise<void> {
  const s = store.getState();
  const from = activeBranch(s);
  if (!from) return;
  const events = [...from.scenario.events, event].sort((a, b) => a.atMs - b.atMs);
  const scenario: Scenario = { ...from.scenario, events, version: versionFor(events) };
  const id = Math.max(...s.branches.map((b) => b.id)) + 1;
  const label = `${from.edits.length + 1 > 1 ? from.label + ', then ' : ''}${describeEdit(event)}`;
  store.setState({ simulating: true, hostMenu: null, playing: false });
  const runs = await simulator(scenario);
  const branch: Branch = {
    id,
    parent: from.id,
    label,
    scenario,
    edits: [...from.edits, event],
    runs,
  };
  store.setState((state) => ({
    branches: [...state.branches, branch],
    activeBranch: id,
    simulating: false,
    playheadMs: event.atMs,
  }));
}

export function switchBranch(store: ClusterplayStore, id: number): void {
  if (store.getState().branches.some((b) => b.id === id)) {
    store.setState({ activeBranch: id, playing: false });
  }
}

function describeEdit(event: ScenarioEvent): string {
  const at = `${Math.floor(event.atMs / 60000)}:${String(Math.floor(event.atMs / 1000) % 60).padStart(2, '0')}`;
  if (event.do === null) return `note at ${at}`;
  if (event.do === 'drop-message' || event.do === 'delay-message') {
    const what = event.message ?? 'messages';
    const verb = event.do === 'drop-message' ? 'lose' : `delay ${event.delayMs / 1000} s`;
    return `${verb} ${what} ${event.from} → ${event.to ?? 'any'} at ${at}`;
  }
  return `${event.do} ${event.target} at ${at}`;
}
