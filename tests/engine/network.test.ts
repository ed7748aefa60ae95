import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/engine/clock';
import { Network } from '../../src/engine/network';
import { Recorder } from '../../src/engine/recorder';
import { Rng } from '../../src/engine/rng';

function setup(latency = 10) {
  const clock = new VirtualClock();
  const recorder = new Recorder(clock);
  const network = new Network(clock, recorder, new Rng(1, 'net'), latency);
  return { clock, recorder, network };
}

describe('Network', () => {
  it('delivers after the latency plus at most half of it as jitter, and records the trip', () => {
    const { clock, recorder, network } = setup(10);
    const arrived: number[] = [];
    for (let i = 0; i < 50; i++)
      network.send('lease.renew', 'node-1/kubelet', 'control-1/kube-apiserver', () =>
        arrived.push(clock.now),
      );
    clock.runUntil(1000);
    expect(arrived).toHaveLength(50);
    for (const t of arrived) expect(t >= 10 && t <= 15).toBe(true);
    const m = recorder.messages[0]!;
    expect(m).toMatchObject({
      kind: 'lease.renew',
      from: 'node-1/kubelet',
      to: 'control-1/kube-apiserver',
      sentAt: 0,
      dropped: false,
    });
    expect(m.deliverAt).toBe(arrived[0]);
  });

  it('drops messages to or from a powered-off or partitioned host, at send or on the way', () => {
    const { clock, recorder, network } = setup(10);
    let delivered = 0;
    network.setPowered('node-2', false);
    network.send('PING', 'control-1/mesos-master', 'node-2/mesos-agent', () => delivered++);
    network.setPowered('node-2', true);
    const inFlight = network.send(
      'PING',
      'control-1/mesos-master',
      'node-3/mesos-agent',
      () => delivered++,
    );
    network.setPartitioned('node-3', true); // cut while the message travels
    clock.runUntil(100);
    expect(delivered).toBe(0);
    expect(recorder.messages.map((m) => m.dropped)).toEqual([true, true]);
    expect(inFlight.deliverAt).toBeGreaterThan(0);
  });

  it('lets processes on a partitioned host still talk to each other, with no latency', () => {
    const { clock, network } = setup(10);
    network.setPartitioned('control-1', true);
    const at: number[] = [];
    network.send('lease.renew', 'control-1/kubelet', 'control-1/kube-apiserver', () =>
      at.push(clock.now),
    );
    network.send('lease.renew', 'control-1/kubelet', 'control-2/kube-apiserver', () => at.push(-1));
    clock.runUntil(100);
    expect(at).toEqual([0]);
  });

  it('applies scripted drop and delay rules, and stops applying them once removed', () => {
    const { clock, recorder, network } = setup(10);
    const removeDrop = network.addDropRule((m) => m.kind === 'vote');
    network.addDelayRule((m) => (m.kind === 'offer' ? 500 : 0));
    network.send('vote', 'control-1/etcd', 'control-2/etcd', () => undefined);
    network.send('offer', 'control-1/mesos-master', 'control-2/marathon', () => undefined);
    removeDrop();
    network.send('vote', 'control-1/etcd', 'control-2/etcd', () => undefined);
    clock.runUntil(1000);
    const [vote, offer, vote2] = recorder.messages;
    expect(vote!.dropped).toBe(true);
    expect(offer!.deliverAt).toBeGreaterThanOrEqual(510);
    expect(vote2!.dropped).toBe(false);
  });

  it('a one-shot message rule catches the first match only and says so', () => {
    const { clock, recorder, network } = setup(10);
    const caught: number[] = [];
    network.addMessageRule({
      delayMs: null,
      matches: (m) => m.kind === 'PING',
      caught: (m) => (caught.push(m.id), false),
    });
    let delivered = 0;
    for (let i = 0; i < 3; i++)
      network.send('PING', 'control-1/mesos-master', 'node-1/mesos-agent', () => delivered++);
    clock.runUntil(100);
    expect(recorder.messages.map((m) => m.dropped)).toEqual([true, false, false]);
    expect(caught).toEqual([1]);
    expect(delivered).toBe(2);
  });

  it('a delayed message holds up later ones on the same connection, as on a TCP stream', () => {
    const { clock, recorder, network } = setup(10);
    network.addMessageRule({
      delayMs: 5000,
      matches: (m) => m.kind === 'PING',
      caught: () => false,
    });
    const order: string[] = [];
    network.send('PING', 'control-1/mesos-master', 'node-1/mesos-agent', () => order.push('PING'));
    clock.runUntil(1000);
    network.send('RunTaskMessage', 'control-1/mesos-master', 'node-1/mesos-agent', () =>
      order.push('RunTask'),
    );
    // Another connection is not held up.
    network.send('PING', 'control-1/mesos-master', 'node-2/mesos-agent', () => order.push('other'));
    clock.runUntil(10_000);
    const [ping, runTask, other] = recorder.messages;
    expect(ping!.deliverAt - ping!.sentAt).toBeGreaterThanOrEqual(5010);
    expect(runTask!.deliverAt).toBe(ping!.deliverAt);
    expect(other!.deliverAt).toBeLessThan(1100);
    expect(order).toEqual(['other', 'PING', 'RunTask']);
  });
});
