// The one headless entry point (DESIGN.md): simulate(scenario, side) → Run. A pure function of
// the scenario and the seed: the CLI, the tests, the worker and the bench all call this.

import { VirtualClock } from './engine/clock';
import { Network, hostOf } from './engine/network';
import { Recorder } from './engine/recorder';
import { RngStreams } from './engine/rng';
import { kubernetesSide } from './orchestrators/kubernetes';
import { mesosSide } from './orchestrators/mesos';
import { buildHosts } from './orchestrators/shared/cluster';
import { resolveFlags } from './orchestrators/shared/flags';
import type { SideDefinition, SideModel } from './orchestrators/shared/model';
import { narrationFor, sideSends } from './orchestrators/shared/narration';
import { summarize } from './run/summary';
import type { Run, RunEvent, Side } from './run/types';
import type { FlagValue, Scenario, ScenarioEvent } from './scenario/types';
import { formatDuration } from './scenario/units';

export interface SimulateOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Record every message for the renderer (default: when the cluster has ≤ 500 hosts). */
  messages?: boolean;
  /** Keyframe spacing in ms; 0 for none (default: 1 s, sparser for large clusters). */
  keyframeEveryMs?: number;
  /** Sample spacing in ms (at most 1000, contract 2). */
  sampleEveryMs?: number;
  /** Filled in on return with the engine's work counters (bench). */
  stats?: { timersFired: number };
}

const SIDES: Record<Side, SideDefinition<Record<string, FlagValue>>> = {
  kubernetes: kubernetesSide as unknown as SideDefinition<Record<string, FlagValue>>,
  mesos: mesosSide as unknown as SideDefinition<Record<string, FlagValue>>,
};

function defaultKeyframeEvery(scenario: Scenario): number {
  const size =
    scenario.cluster.workers.length + scenario.apps.reduce((sum, app) => sum + app.replicas, 0);
  return 1000 * Math.max(1, Math.ceil(size / 2000));
}

export function simulate(scenario: Scenario, side: Side, options: SimulateOptions = {}): Run {
  const definition = SIDES[side];
  const overrides = side === 'kubernetes' ? scenario.kubernetes : scenario.mesos.flags;
  const flags = resolveFlags(definition.defaults, overrides);
  const hosts = buildHosts(scenario);
  const clock = new VirtualClock();
  const rng = new RngStreams(options.seed ?? scenario.seed);
  const recorder = new Recorder(clock, options.messages ?? hosts.length <= 500);
  const latency = typeof flags.networkLatency === 'number' ? flags.networkLatency : 2;
  const network = new Network(clock, recorder, rng.get('network'), latency);
  // Message events go on the clock before the model's first timers, so that at their instant
  // they act before anything is sent: the message a presenter clicked, sent at exactly that
  // time, is the first one they catch.
  for (const event of scenario.events) {
    if (event.do === 'drop-message' || event.do === 'delay-message') {
      clock.at(event.atMs, () => {
        const fault = catchMessages(event, network, recorder, side);
        // Each side remembers the fault on the hosts at either end, so what follows from the
        // lost messages (a node marked Unknown) traces back to it; the model does nothing else.
        if (fault === null) return;
        const ends = new Set([
          hostOf(event.from),
          ...(event.to === null ? [] : [hostOf(event.to)]),
        ]);
        for (const host of ends) model.apply(event, host, fault);
      });
    }
  }
  const model = definition.create({ scenario, flags, clock, rng, network, recorder, hosts });

  for (const event of scenario.events) {
    if (event.do === 'drop-message' || event.do === 'delay-message') continue;
    clock.at(event.atMs, () => applyScripted(event, model, network, recorder, side));
  }
  const sampleEvery = Math.min(1000, options.sampleEveryMs ?? 1000);
  const keyframeEvery = options.keyframeEveryMs ?? defaultKeyframeEvery(scenario);
  const end = scenario.durationMs;
  // Samples and keyframes are taken after everything else due at the same instant. A keyframe
  // is taken only when something worth an event happened since the last one: between events the
  // state it would record is the same, and the renderer reads the latest keyframe at or before t.
  let eventsAtKeyframe = -1;
  for (let t = 0; t <= end; t += sampleEvery) {
    clock.runUntil(t);
    recorder.samples.push({ t, apps: model.sample() });
    if (keyframeEvery > 0 && t % keyframeEvery === 0 && changedSince(recorder, eventsAtKeyframe)) {
      recorder.keyframes.push({ t, ...model.snapshot() });
      eventsAtKeyframe = recorder.events.length;
    }
  }
  clock.runUntil(end);
  if (options.stats) options.stats.timersFired = clock.fired;

  const autoscaleTargets = Object.fromEntries(
    scenario.apps
      .filter((a) => a.autoscale)
      .map((a) => [
        a.name,
        { utilization: a.autoscale!.targetCPU / 100, requestCores: a.cpuMilli / 1000 },
      ]),
  );
  return {
    side,
    events: recorder.events,
    messages: recorder.messages,
    keyframes: recorder.keyframes,
    samples: recorder.samples,
    summary: summarize({
      events: recorder.events,
      samples: recorder.samples,
      durationMs: end,
      leaderSubjects: definition.leaderSubjects,
      autoscaleTargets,
    }),
  };
}

/** Periodic chatter that changes nothing a keyframe shows. */
const CHATTER = /^(offer\.(sent|declined)|lease\.|heartbeat\.|metrics\.|narration$)/;

function changedSince(recorder: Recorder, eventCount: number): boolean {
  if (eventCount < 0) return true;
  for (let i = eventCount; i < recorder.events.length; i++) {
    if (!CHATTER.test(recorder.events[i]!.type)) return true;
  }
  return false;
}

type MessageEvent = Extract<ScenarioEvent, { do: 'drop-message' | 'delay-message' }>;

/** Whether `address` (host/process) is what a message event names: a host, or host/process. */
function addressMatches(named: string, address: string): boolean {
  return named.includes('/') ? address === named : hostOf(address) === named;
}

/** Records the event and sets up its rule; returns the record, or null if this side is untouched. */
function catchMessages(
  event: MessageEvent,
  network: Network,
  recorder: Recorder,
  side: Side,
): RunEvent | null {
  const fault = recorder.emit({
    type: 'fault.injected',
    subject: event.from,
    host: hostOf(event.from),
    native: null,
    text: event.say ?? narrationFor(event, null, side),
    data: { do: event.do, pause: event.pause, ...scriptedData(event) },
  });
  if (!sideSends(event, side)) return null;
  const until = event.windowMs === null ? null : event.atMs + event.windowMs;
  const delayMs = event.do === 'delay-message' ? event.delayMs : null;
  network.addMessageRule({
    delayMs,
    matches: (m) =>
      (until === null || m.sentAt < until) &&
      (event.message === null || m.kind === event.message) &&
      addressMatches(event.from, m.from) &&
      (event.to === null || addressMatches(event.to, m.to)),
    caught(m) {
      const trip = `${m.kind} message from ${m.from} to ${m.to}`;
      recorder.emit({
        type: delayMs === null ? 'message.dropped' : 'message.delayed',
        subject: m.from,
        host: hostOf(m.from),
        cause: fault.seq,
        native: null,
        text:
          delayMs === null
            ? `The ${trip} is lost on the way.`
            : `The ${trip} is held up on the way: it arrives ${formatDuration(m.deliverAt - m.sentAt)} after it left.`,
        data: { message: m.id, kind: m.kind, deliverAt: m.deliverAt },
      });
      return until !== null;
    },
  });
  return fault;
}

function applyScripted(
  event: ScenarioEvent,
  model: SideModel,
  network: Network,
  recorder: Recorder,
  side: Side,
): void {
  if (event.do === null) {
    recorder.emit({
      type: 'narration',
      subject: 'scenario',
      text: event.say ?? '',
      data: { pause: event.pause },
    });
    return;
  }
  if (event.do === 'drop-message' || event.do === 'delay-message') return;
  const host = resolveHost(event, model);
  const fault = recorder.emit({
    type: 'fault.injected',
    subject: 'target' in event ? event.target : 'scenario',
    host,
    native: null,
    text: event.say ?? narrationFor(event, host, side),
    data: { do: event.do, pause: event.pause, ...scriptedData(event) },
  });
  if (host !== null || !isHostAction(event)) {
    if (event.do === 'fail-node') network.setPowered(host!, false);
    if (event.do === 'recover-node') network.setPowered(host!, true);
    if (event.do === 'partition-node') network.setPartitioned(host!, true);
    if (event.do === 'heal-node') network.setPartitioned(host!, false);
    model.apply(event, host, fault);
  }
}

function isHostAction(event: ScenarioEvent): boolean {
  return (
    event.do === 'fail-node' ||
    event.do === 'recover-node' ||
    event.do === 'partition-node' ||
    event.do === 'heal-node' ||
    event.do === 'stop' ||
    event.do === 'start'
  );
}

function resolveHost(
  event: Exclude<ScenarioEvent, { do: null } | MessageEvent>,
  model: SideModel,
): string | null {
  if (event.do === 'scale' || event.do === 'set-load') return null;
  if (event.target === 'leader') return model.schedulingLeaderHost();
  return event.target;
}

function scriptedData(event: Exclude<ScenarioEvent, { do: null }>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  if ('target' in event && event.target === 'leader') data.target = 'leader';
  if ('component' in event) data.component = event.component;
  if ('replicas' in event) data.replicas = event.replicas;
  if ('cpuMilli' in event) data.cpu = event.cpuMilli / 1000;
  if (event.do === 'drop-message' || event.do === 'delay-message') {
    data.from = event.from;
    if (event.to !== null) data.to = event.to;
    if (event.message !== null) data.message = event.message;
    if (event.windowMs !== null) data.forMs = event.windowMs;
    if (event.do === 'delay-message') data.byMs = event.delayMs;
  }
  return data;
}
