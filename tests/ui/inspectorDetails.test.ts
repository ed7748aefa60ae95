// What the inspector tells a class about a host and a placement: the real flags with this
// scenario's values, and on Mesos the offer a task came in with.

import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulate';
import { hostFlags, offerStory } from '../../src/ui/inspectorDetails';
import { loadScenario, smallScenario } from '../support/scenarios';

describe('host flags', () => {
  it('shows the grace period a Kubernetes node is judged by, and says when the scenario set it', () => {
    const plain = hostFlags(smallScenario([]), 'kubernetes', 'worker');
    expect(plain).toContainEqual({
      flag: 'controller-manager --node-monitor-grace-period',
      value: '50s',
      overridden: false,
    });
    const pinned = hostFlags(
      smallScenario([], { kubernetes: { nodeMonitorGracePeriod: 40_000 } }),
      'kubernetes',
      'worker',
    );
    expect(pinned).toContainEqual({
      flag: 'controller-manager --node-monitor-grace-period',
      value: '40s',
      overridden: true,
    });
  });

  it("shows the master's health check for a Mesos agent and ZooKeeper's tick for a control host", () => {
    const worker = hostFlags(smallScenario([]), 'mesos', 'worker');
    expect(worker.map((f) => [f.flag, f.value])).toEqual(
      expect.arrayContaining([
        ['mesos-master --agent_ping_timeout', '15s'],
        ['mesos-master --max_agent_ping_timeouts', '5'],
      ]),
    );
    const control = hostFlags(smallScenario([]), 'mesos', 'control');
    expect(control.find((f) => f.flag === 'ZooKeeper tickTime')?.value).toBe('2s');
  });
});

describe('the offer behind a Mesos task', () => {
  it('tells the accepted offer of a replacement task and what was declined in that round', () => {
    const run = simulate(loadScenario('scenarios/node-failure.yaml'), 'mesos');
    const placed = run.events.find((e) => e.type === 'replica.placed' && e.t > 60_000)!;
    const story = offerStory(run, placed);
    expect(story.accepted.some((t) => t.includes('accepts the offer of'))).toBe(true);
    expect(story.accepted.some((t) => t.includes('The allocator offers'))).toBe(true);
    for (const text of story.declined) expect(text).toContain('declines the offer');
  });
});
