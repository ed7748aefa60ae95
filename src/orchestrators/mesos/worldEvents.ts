// The side's bookkeeping between components: who leads (once per term, so leader.lost and
// leader.elected pair up), what the masters' detectors report, and the events recorded when a
// task changes state. Each sentence names the flag behind its timing.

import type { Timer } from '../../engine/clock';
import type { AppSample } from '../../run/types';
import { MESOS_GROUP } from './mesosMaster';
import type { Marathon } from './marathon';
import type { MesosMaster } from './mesosMaster';
import type { Task, TaskState } from './tasks';
import type { MesosWorld } from './world';

export function buildWorldEvents(world: MesosWorld): Partial<MesosWorld> {
  const rec = world.ctx.recorder;
  const clock = world.ctx.clock;
  let masterLeader: { host: string; path: string } | null = null;
  let marathonLeader: { host: string; path: string | null } | null = null;
  let lastLoss: number | null = null;
  let zkLostTimer: Timer | null = null;

  const fns = {
    simplification(key: string, text: string, cause: number | null = null) {
      if (!rec.firstTime(key)) return;
      rec.emit({ type: 'model.simplification', subject: 'mesos', cause, text });
    },

    leadingMaster(): MesosMaster | null {
      if (!masterLeader) return null;
      const m = world.masters.get(masterLeader.host);
      return m?.leads ? m : null;
    },

    activeMarathon(): Marathon | null {
      for (const m of world.marathons.values()) if (m.active) return m;
      return null;
    },

    masterElected(master: MesosMaster) {
      if (masterLeader) fns.masterGone(null, 'superseded');
      masterLeader = { host: master.host, path: master.znode!.path };
      rec.emit({
        type: 'leader.elected',
        subject: 'mesos-master',
        host: master.host,
        cause: lastLoss,
        native: 'Elected as the leading master!',
        text: `The mesos-master on ${master.host} holds the lowest znode under /mesos (${master.znode!.path}): "Elected as the leading master!". It recovers the registry next.`,
        data: { seq: master.znode!.seq },
      });
    },

    masterGone(master: MesosMaster | null, why: string) {
      if (!masterLeader || (master && master.host !== masterLeader.host)) return;
      const host = masterLeader.host;
      masterLeader = null;
      const text =
        why === 'znode'
          ? `The leading master's znode on ${host} is gone (its ZooKeeper session ended): no master leads until the next lowest contender takes over.`
          : why === 'zookeeper'
            ? `With ZooKeeper unavailable for a whole zk_session_timeout, the masters' detectors give up: no master is known to lead.`
            : `The leading master on ${host} exited: no master leads until a contender takes over.`;
      lastLoss = rec.emit({
        type: 'leader.lost',
        subject: 'mesos-master',
        host,
        cause: world.lastFault.get(host) ?? world.lastScripted,
        native: why === 'znode' ? 'znode deleted' : why === 'zookeeper' ? 'session lost' : why,
        text,
      }).seq;
      fns.marathonGone(null, 'its master is gone', lastLoss);
    },

    detect() {
      const zk = world.zk;
      if (masterLeader && !zk.exists(masterLeader.path)) fns.masterGone(null, 'znode');
      const lowest = zk.children(MESOS_GROUP)[0];
      const host = lowest?.data ?? null;
      if (host !== world.detectedMaster) {
        world.detectedMaster = host;
        fns.masterChanged(host);
      }
    },

    masterChanged(host: string | null) {
      if (host !== null) {
        fns.simplification(
          'detector',
          'Agents and schedulers learn the leading master through ZooKeeper watches; the model tells them at the moment the /mesos group changes, without a ZooKeeper session per agent.',
          lastLoss,
        );
      }
      for (const agent of world.agents.values()) {
        if (host === null) agent.masterLost();
        else agent.masterDetected();
      }
      for (const m of world.marathons.values()) m.driver.masterChanged(host);
      for (const b of world.batch.values()) b.driver.masterChanged(host);
    },

    checkMarathonLatch() {
      if (marathonLeader?.path && !world.zk.exists(marathonLeader.path)) {
        fns.marathonGone(null, 'its latch znode was deleted (session expired)');
      }
    },

    marathonRegistered(m: Marathon, master: string) {
      if (marathonLeader) fns.marathonGone(null, 'superseded');
      marathonLeader = { host: m.host, path: m.znode?.path ?? null };
      rec.emit({
        type: 'leader.elected',
        subject: 'marathon',
        host: m.host,
        cause: lastLoss,
        native: 'FrameworkReregisteredMessage',
        text: `Marathon on ${m.host} leads and has reregistered with the master on ${master} under its FrameworkID (failover); it reconciles in ${world.flags.reconciliationInitialDelay / 1000} s (reconciliation_initial_delay).`,
      });
    },

    marathonGone(m: Marathon | null, why: string, cause: number | null = null) {
      if (!marathonLeader || (m && m.host !== marathonLeader.host)) return;
      const host = marathonLeader.host;
      marathonLeader = null;
      lastLoss = rec.emit({
        type: 'leader.lost',
        subject: 'marathon',
        host,
        cause: cause ?? world.lastFault.get(host) ?? world.lastScripted,
        native: 'Lost leadership',
        text: `No Marathon leads and is registered any more: ${why}.`,
      }).seq;
    },

    zkServing(serving: boolean, cause: number | null) {
      clock.clearTimeout(zkLostTimer);
      zkLostTimer = null;
      if (serving) {
        fns.detect();
        return;
      }
      rec.emit({
        type: 'zk.unavailable',
        subject: 'zookeeper',
        cause,
        text: 'Without a ZooKeeper leader and quorum the ensemble serves nothing: no session is kept alive, no znode is written, and every election that needs it stalls.',
      });
      // Detectors give up once no server has served them for a whole session timeout.
      const check = () => {
        zkLostTimer = null;
        const zk = world.zk;
        if (zk.leader()) return;
        const quietSince = zk.anyServing() ? clock.now : zk.lastServedAt;
        const due = quietSince + world.flags.zkSessionTimeout;
        if (clock.now < due) {
          zkLostTimer = clock.at(due, check);
          return;
        }
        world.detectedMaster = null;
        fns.masterChanged(null);
        fns.masterGone(null, 'zookeeper');
        fns.marathonGone(null, 'ZooKeeper is unavailable');
      };
      zkLostTimer = clock.setTimeout(check, world.flags.zkSessionTimeout);
    },

    initialEvents() {
      const zkLeader = world.zk.servers[world.zk.size - 1]!;
      rec.emit({
        type: 'leader.elected',
        subject: 'zookeeper',
        host: zkLeader.host,
        native: 'LEADING',
        text: `ZooKeeper server ${zkLeader.sid} on ${zkLeader.host} leads the ensemble as the run starts (the highest sid wins equal votes).`,
        data: { sid: zkLeader.sid, epoch: zkLeader.currentEpoch },
      });
      const master = world.masters.get('control-1')!;
      masterLeader = { host: master.host, path: master.znode!.path };
      rec.emit({
        type: 'leader.elected',
        subject: 'mesos-master',
        host: master.host,
        native: 'Elected as the leading master!',
        text: `The mesos-master on ${master.host} leads as the run starts (lowest znode under /mesos).`,
        data: { seq: master.znode!.seq },
      });
      const marathon = world.marathons.get('control-1')!;
      marathonLeader = { host: marathon.host, path: marathon.znode?.path ?? null };
      rec.emit({
        type: 'leader.elected',
        subject: 'marathon',
        host: marathon.host,
        native: 'FrameworkReregisteredMessage',
        text: `Marathon on ${marathon.host} leads (lowest latch znode) and is registered with the leading master as the run starts.`,
      });
    },

    servingNow(task: Task): boolean {
      const host = task.host;
      if (host === null || task.done || task.state !== 'TASK_RUNNING') return false;
      if (task.framework === 'marathon' && !task.known) return false;
      const net = world.ctx.network;
      return net.isPowered(host) && !net.isPartitioned(host) && !world.agents.get(host)?.lostTasks;
    },

    narrateNoAutoscaler(samples: Record<string, AppSample>) {
      for (const [name, def] of world.apps) {
        const a = def.spec.autoscale;
        const s = samples[name];
        if (!a || !s || s.desired === 0) continue;
        if (s.demand * 1000 <= (a.targetCPU / 100) * def.spec.cpuMilli * s.desired) continue;
        if (!rec.firstTime(`no-autoscaler/${name}`)) continue;
        rec.emit({
          type: 'model.note',
          subject: name,
          text: `Demand on ${name} now exceeds its autoscale target (${a.targetCPU} % of each instance's CPU), but Mesos has no native metric autoscaler and marathon-autoscale is off in this scenario: Marathon keeps ${s.desired} instances, and they run hot.`,
        });
      }
    },

    agentTaskChanged(task: Task, state: TaskState, reason: string | null, cause: number | null) {
      const t = world.tasks;
      t.setState(task, state);
      const marathon = task.framework === 'marathon';
      const data = { app: task.app, framework: task.framework, reason };
      if (state === 'TASK_RUNNING') {
        t.setServing(task, fns.servingNow(task));
        const tracked = marathon && task.known && !task.killRequested;
        const seq = rec.emit({
          type: tracked ? 'replica.running' : 'task.status',
          subject: task.id,
          host: task.host,
          cause,
          native: 'TASK_RUNNING',
          text: tracked
            ? `${task.id} is TASK_RUNNING on ${task.host}, ${world.flags.replicaStartup / 1000} s after launch (replicaStartup), and takes traffic.`
            : `${task.id} of ${task.framework} is TASK_RUNNING on ${task.host}.`,
          data,
        }).seq;
        const batch = world.batch.get(task.framework);
        if (batch) {
          const agent = world.agents.get(task.host!)!;
          const boot = agent.boot;
          clock.setTimeout(() => {
            if (agent.boot === boot) agent.finishTask(task, seq);
          }, batch.spec.taskDurationMs);
        }
        return seq;
      }
      if (state === 'TASK_KILLED' && marathon) {
        return rec.emit({
          type: 'replica.stopped',
          subject: task.id,
          host: task.host,
          cause,
          native: 'TASK_KILLED',
          text:
            reason === 'REASON_SLAVE_DRAINING'
              ? `${task.id} is TASK_KILLED (REASON_SLAVE_DRAINING) ${world.flags.replicaShutdown / 1000} s after SIGTERM (replicaShutdown): only now does Marathon replace it.`
              : `${task.id} is TASK_KILLED on ${task.host}, ${world.flags.replicaShutdown / 1000} s after SIGTERM (replicaShutdown).`,
          data,
        }).seq;
      }
      if (state === 'TASK_STARTING') return cause;
      return rec.emit({
        type: 'task.status',
        subject: task.id,
        host: task.host,
        cause,
        native: state,
        text: `${task.id} is ${state}${reason ? ` (${reason})` : ''} on ${task.host}.`,
        data,
      }).seq;
    },

    masterTaskChanged(task: Task, state: TaskState, reason: string, cause: number | null) {
      world.tasks.setState(task, state);
      if (state === 'TASK_RUNNING') world.tasks.setServing(task, fns.servingNow(task));
      const lost = state === 'TASK_UNREACHABLE' || state === 'TASK_LOST' || state === 'TASK_GONE';
      const tracked = task.framework === 'marathon' && task.known && lost;
      return rec.emit({
        type: tracked ? 'replica.lost' : 'task.status',
        subject: task.id,
        host: task.host,
        cause,
        native: state,
        text: tracked
          ? `${task.id} is ${state} (${reason}): the master gave up on its agent ${task.host}.`
          : `The master reports ${task.id} of ${task.framework} as ${state} (${reason}).`,
        data: { app: task.app, framework: task.framework, reason },
      }).seq;
    },

    taskPlaced(task: Task, agent: string, cause: number | null) {
      world.tasks.place(task, agent, clock.now);
      const marathon = task.framework === 'marathon';
      if (marathon) world.activeMarathon()?.queue.placed(task);
      return rec.emit({
        type: marathon ? 'replica.placed' : 'task.status',
        subject: task.id,
        host: agent,
        cause,
        native: 'TASK_STAGING',
        text: `${task.framework} launches ${task.id} on ${agent} with the offer it accepted: TASK_STAGING.`,
        data: { app: task.app, framework: task.framework },
      }).seq;
    },
  };
  return fns as Partial<MesosWorld>;
}
