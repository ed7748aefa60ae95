// Playback as a teacher drives it: play, chapter pauses, stepping, speeds, editing the past.

import { beforeEach, describe, expect, it } from 'vitest';
import {
  advance,
  editPast,
  loadScenario,
  play,
  seek,
  stepChapter,
  stepEvent,
  stepSecond,
  stepSpeed,
  switchBranch,
  type Simulator,
} from '../../src/store/actions';
import { activeBranch, activeRuns, chapterTimes, eventTimes } from '../../src/store/selectors';
import { createClusterplayStore, type ClusterplayStore } from '../../src/store/store';
import { simulate } from '../../src/simulate';
import { parseScenario, printScenario } from '../../src/scenario';
import { messageEdits } from '../../src/ui/messageEdits';
import { readFileSync } from 'node:fs';

const simulator: Simulator = async (scenario) => ({
  kubernetes: simulate(scenario, 'kubernetes'),
  mesos: simulate(scenario, 'mesos'),
});
const text = readFileSync('scenarios/node-failure.yaml', 'utf8');

describe('the playback store', () => {
  let store: ClusterplayStore;
  beforeEach(async () => {
    store = createClusterplayStore({ speed: 1 });
    expect(await loadScenario(store, simulator, 'node-failure', text)).toBe(true);
  });

  it('plays at its speed and stops exactly on the next chapter mark', () => {
    const firstChapter = chapterTimes(store.getState())[0]!; // 31 s in node-failure.yaml
    play(store);
    advance(store, 10_000);
    expect(store.getState().playheadMs).toBe(10_000);
    store.setState({ speed: 10 });
    advance(store, 5_000); // would reach 60 s
    expect(store.getState()).toMatchObject({ playheadMs: firstChapter, playing: false });
  });

  it('does not move while paused, and stops at the end', () => {
    advance(store, 5_000);
    expect(store.getState().playheadMs).toBe(0);
    seek(store, 479_000);
    play(store);
    advance(store, 5_000);
    expect(store.getState()).toMatchObject({ playheadMs: 480_000, playing: false });
  });

  it('steps to the next and previous event on either side, and by one second', () => {
    const times = eventTimes(store.getState());
    stepEvent(store, 1);
    const first = store.getState().playheadMs;
    expect(first).toBe(times.find((t) => t > 0));
    stepEvent(store, 1);
    expect(store.getState().playheadMs).toBeGreaterThan(first);
    stepEvent(store, -1);
    expect(store.getState().playheadMs).toBe(first);
    stepSecond(store, 1);
    expect(store.getState().playheadMs).toBe(first + 1000);
    seek(store, 500);
    stepSecond(store, -1);
    expect(store.getState().playheadMs).toBe(0);
  });

  it('goes through chapter marks with PageDown and PageUp', () => {
    const chapters = chapterTimes(store.getState());
    stepChapter(store, 1);
    expect(store.getState().playheadMs).toBe(chapters[0]);
    stepChapter(store, 1);
    expect(store.getState().playheadMs).toBe(chapters[1]);
    stepChapter(store, -1);
    expect(store.getState().playheadMs).toBe(chapters[0]);
  });

  it('moves through the speed presets and stays within 0.1× to 100×', () => {
    for (let i = 0; i < 20; i++) stepSpeed(store, 1);
    expect(store.getState().speed).toBe(100);
    for (let i = 0; i < 20; i++) stepSpeed(store, -1);
    expect(store.getState().speed).toBe(0.1);
  });

  it('keeps the previous scenario and shows every problem when a bad one is loaded', async () => {
    const before = activeBranch(store.getState());
    const ok = await loadScenario(store, simulator, 'bad', 'version: 1\ntitle: x\n', 'bad.yaml');
    expect(ok).toBe(false);
    expect(store.getState().error).toMatch(/^bad\.yaml:1:1 duration: /m);
    expect(store.getState().error).toMatch(/cluster/);
    expect(activeBranch(store.getState())).toBe(before);
  });

  it('edits the past as a new branch and keeps the old one to switch back to', async () => {
    const original = activeRuns(store.getState())!;
    seek(store, 120_000);
    await editPast(store, simulator, {
      atMs: 120_000,
      do: 'fail-node',
      target: 'node-4',
      say: null,
      pause: false,
    });
    const s = store.getState();
    expect(s.branches).toHaveLength(2);
    expect(s.activeBranch).toBe(2);
    expect(activeBranch(s)!.edits).toHaveLength(1);
    const runs = activeRuns(s)!;
    expect(
      runs.kubernetes.events.some((e) => e.type === 'fault.injected' && e.host === 'node-4'),
    ).toBe(true);
    // Before the edit the new branch is the old run, to the event.
    const until = (r: typeof runs.kubernetes) =>
      JSON.stringify(r.events.filter((e) => e.t < 120_000));
    expect(until(runs.kubernetes)).toBe(until(original.kubernetes));
    switchBranch(store, 1);
    expect(activeRuns(store.getState())).toBe(original);
  });

  it('a message edit makes the branch a version 2 scenario that prints and parses back', async () => {
    const clicked = activeRuns(store.getState())!.mesos.messages.find((m) => m.sentAt > 30_000)!;
    const [lose] = messageEdits(clicked);
    await editPast(store, simulator, lose!.event);
    const branch = activeBranch(store.getState())!;
    expect(branch.scenario.version).toBe(2);
    expect(branch.label).toContain(`lose ${clicked.kind} ${clicked.from} → ${clicked.to}`);
    const text = printScenario(branch.scenario);
    expect(text.startsWith('version: 2\n')).toBe(true);
    const again = parseScenario(text, 'edited.yaml');
    expect(again.ok && again.scenario).toEqual(branch.scenario);
    const lost = activeRuns(store.getState())!.mesos.messages.find(
      (m) => m.sentAt === clicked.sentAt && m.from === clicked.from && m.kind === clicked.kind,
    );
    expect(lost?.dropped).toBe(true);
  });
});
