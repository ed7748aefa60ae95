// The leading Marathon's launch queue and instance logic: scale checks queue instances
// (replica.created), a queued launch revives offers (≥ minReviveOffersInterval after the last),
// each offer takes up to maxInstancesPerOffer instances in queue order with no spreading, unused
// offers are declined for declineOfferDuration, and idle Marathon suppresses. The RateLimiter
// delays an app after failed launches (1 s × 1.15ⁿ⁻¹ up to 300 s; REASON_SLAVE_DRAINING resets
// it). With unreachableStrategy 0/0 a TASK_UNREACHABLE instance is expunged at once and replaced;
// a returning task of an expunged instance is killed ("Kill unknown …") (FIDELITY.md §4.1–4.2).
// With other values the ExpungeOverdueLostTasksActor, ticking every taskLostExpungeInterval from
// taskLostExpungeInitialDelay after the leader starts, turns instances unreachable longer than
// inactiveAfterSeconds UnreachableInactive (replaced) and expunges those past expungeAfterSeconds.

import type { Timer } from '../../engine/clock';
import type { Offer } from './allocator';
import type { Marathon } from './marathon';
import { accept, decline } from './offers';
import type { Task, TaskState } from './tasks';
import { isTerminal } from './tasks';
import type { MesosWorld } from './world';

/**
 * ScalingProposition.weight: which instances go first when scaling down (lower first). An
 * instance still queued (Scheduled, not launched) weighs 5 like every other condition, so it
 * goes last: running tasks are killed before queued instances are dropped.
 */
const KILL_RANK: Partial<Record<TaskState, number>> = {
  TASK_UNREACHABLE: 1,
  TASK_STAGING: 2,
  TASK_STARTING: 3,
  TASK_RUNNING: 4,
};

export class LaunchQueue {
  /** Per app, queued instances in order (not yet offered a place). */
  private readonly queued = new Map<string, Task[]>();
  private readonly launching = new Set<Task>();
  private readonly delays = new Map<string, { until: number; lastMs: number; since: number }>();
  private suppressed = true;
  private lastRevive = -Infinity;
  private reviveTimer: Timer | null = null;
  private wakeTimer: Timer | null = null;
  private expungeTimer: Timer | null = null;
  /** More offers are wanted than when Marathon last revived (a new instance, a backoff ended). */
  private reviveWanted = false;
  private leading = false;

  constructor(
    private readonly world: MesosWorld,
    private readonly marathon: Marathon,
  ) {}

  private get clock() {
    return this.world.ctx.clock;
  }

  private get recorder() {
    return this.world.ctx.recorder;
  }

  private master() {
    const host = this.marathon.driver.registeredWith;
    return host === null ? undefined : this.world.masters.get(host);
  }

  /**
   * A new leader rebuilds its queue from the persisted instances (O(instances), once).
   * `settled`: the leader at the run's start, which has led for a while already.
   */
  leaderStarted(settled = false): void {
    this.leading = true;
    this.queued.clear();
    this.launching.clear();
    this.delays.clear();
    this.suppressed = true;
    for (const task of this.world.tasks.live.values()) {
      if (task.framework === 'marathon' && task.known && task.state === 'Scheduled') {
        this.enqueue(task);
      }
    }
    const f = this.world.flags;
    if (f.inactiveAfterSeconds > 0 || f.expungeAfterSeconds > 0) {
      const tick = () => {
        this.expungeTimer = this.clock.setTimeout(tick, f.taskLostExpungeInterval);
        this.expungeOverdue();
      };
      // A leader from before the run is past the initial delay, at a seeded point of its ticks.
      const first = settled
        ? Math.round(this.world.rng('marathon/expunge').uniform(0, f.taskLostExpungeInterval))
        : f.taskLostExpungeInitialDelay;
      this.expungeTimer = this.clock.setTimeout(tick, first);
    }
  }

  leaderStopped(): void {
    this.leading = false;
    this.clock.clearTimeout(this.reviveTimer);
    this.clock.clearTimeout(this.wakeTimer);
    this.clock.clearTimeout(this.expungeTimer);
    this.reviveTimer = this.wakeTimer = this.expungeTimer = null;
  }

  /**
   * ExpungeOverdueLostTasksActor's tick: instances unreachable for inactiveAfterSeconds become
   * UnreachableInactive and are replaced; past expungeAfterSeconds they are forgotten (a task
   * that comes back after that is killed as unknown).
   */
  private expungeOverdue(): void {
    const f = this.world.flags;
    const now = this.clock.now;
    for (const task of [...this.world.tasks.live.values()]) {
      if (task.framework !== 'marathon' || !task.known || task.killRequested) continue;
      if (task.unreachableAt === null || task.state !== 'TASK_UNREACHABLE') continue;
      const away = now - task.unreachableAt;
      if (away >= f.expungeAfterSeconds && away >= f.inactiveAfterSeconds) this.expunge(task, null);
      else if (!task.inactive && away >= f.inactiveAfterSeconds) this.makeInactive(task, null);
    }
  }

  private makeInactive(task: Task, cause: number | null): void {
    const f = this.world.flags;
    const ev = this.recorder.emit({
      type: 'marathon.inactive',
      subject: task.id,
      host: task.host,
      cause,
      native: 'UnreachableInactive',
      text: `${task.id} has been unreachable for at least inactiveAfterSeconds (${f.inactiveAfterSeconds / 1000} s): Marathon marks it UnreachableInactive and queues a replacement, but keeps the instance until expungeAfterSeconds (${f.expungeAfterSeconds / 1000} s).`,
      data: { app: task.app },
    });
    this.world.tasks.setInactive(task, true);
    this.scaleCheck(task.app, ev.seq);
  }

  private expunge(task: Task, cause: number | null): void {
    const f = this.world.flags;
    const zero = f.inactiveAfterSeconds === 0 && f.expungeAfterSeconds === 0;
    const ev = this.recorder.emit({
      type: 'marathon.expunged',
      subject: task.id,
      host: task.host,
      cause,
      native: 'UnreachableInactive',
      text: zero
        ? `With unreachableStrategy inactiveAfterSeconds 0 / expungeAfterSeconds 0, Marathon marks ${task.id} UnreachableInactive and expunges it at once.`
        : `${task.id} has been unreachable for expungeAfterSeconds (${f.expungeAfterSeconds / 1000} s): Marathon expunges the instance; if its task comes back it will be killed as unknown.`,
      data: { app: task.app },
    });
    this.world.tasks.forget(task);
    this.scaleCheck(task.app, ev.seq);
  }

  private enqueue(task: Task): void {
    let q = this.queued.get(task.app);
    if (!q) this.queued.set(task.app, (q = []));
    q.push(task);
    this.reviveWanted = true;
  }

  private ready(app: string): boolean {
    const d = this.delays.get(app);
    return d === undefined || d.until <= this.clock.now;
  }

  wantsOffers(): boolean {
    for (const [app, q] of this.queued) if (q.length > 0 && this.ready(app)) return true;
    return false;
  }

  // Scale checks (ScaleAppUpdateStepImpl, deployments)

  scaleCheckAll(cause: number | null): void {
    for (const app of this.world.apps.keys()) this.scaleCheck(app, cause);
  }

  scaleCheck(app: string, cause: number | null): void {
    const def = this.world.apps.get(app);
    if (!def || !this.leading) return;
    const known = this.world.tasks.known.get(app) ?? 0;
    for (let i = known; i < def.instances; i++) {
      const task = this.world.tasks.create(
        app,
        'marathon',
        def.spec.cpuMilli,
        def.spec.memoryBytes,
        this.clock.now,
      );
      this.recorder.emit({
        type: 'replica.created',
        subject: task.id,
        host: null,
        cause,
        native: 'Scheduled',
        text: `Marathon queues instance ${task.id} to bring ${app} back to ${def.instances} instances; it will launch on the next offer that fits.`,
        data: { app },
      });
      this.enqueue(task);
    }
    if (known > def.instances) this.killExcess(app, known - def.instances, cause);
    this.updateSuppression();
  }

  private killExcess(app: string, count: number, cause: number | null): void {
    const youngestFirst = this.world.flags.killSelection !== 'OLDEST_FIRST';
    const candidates = this.world.tasks
      .ofApp(app)
      .filter((t) => t.known && !t.killRequested && !t.done && !t.inactive)
      .sort(
        (a, b) =>
          (KILL_RANK[a.state] ?? 5) - (KILL_RANK[b.state] ?? 5) ||
          (youngestFirst ? b.since - a.since : a.since - b.since),
      );
    for (const task of candidates.slice(0, count)) {
      this.world.tasks.markKill(task);
      if (task.state === 'Scheduled') {
        const q = this.queued.get(app);
        if (q) q.splice(q.indexOf(task), 1);
        this.world.tasks.forget(task);
        this.recorder.emit({
          type: 'replica.stopped',
          subject: task.id,
          host: null,
          cause,
          native: 'Decommissioned',
          text: `Marathon drops queued instance ${task.id}: ${app} needs fewer instances.`,
          data: { app },
        });
      } else {
        this.master()?.killTask(task, null, cause);
      }
    }
  }

  scale(app: string, instances: number, by: string, cause: number | null): boolean {
    const def = this.world.apps.get(app);
    if (!def) return false;
    const from = def.instances;
    def.instances = instances;
    const ev = this.recorder.emit({
      type: 'app.scaled',
      subject: app,
      host: this.marathon.host,
      cause,
      native: 'PUT /v2/apps',
      text:
        by === 'user'
          ? `A user PUTs {"instances": ${instances}} to Marathon: a deployment scales ${app} from ${from} to ${instances}.`
          : `marathon-autoscale PUTs {"instances": ${instances}} to Marathon: a deployment scales ${app} from ${from} to ${instances}.`,
      data: { from, to: instances, by },
    });
    this.scaleCheck(app, ev.seq);
    return true;
  }

  // Offers

  offer(offer: Offer, cause: number | null): void {
    const f = this.world.flags;
    const picked: Task[] = [];
    let cpu = offer.cpuMilli;
    let mem = offer.memoryBytes;
    let waiting = 0;
    for (const [app, q] of this.queued) {
      waiting += q.length;
      if (!this.ready(app)) continue;
      while (picked.length < f.maxInstancesPerOffer && q.length > 0) {
        const task = q[0]!;
        if (task.cpuMilli > cpu || task.memoryBytes > mem) break;
        q.shift();
        picked.push(task);
        this.launching.add(task);
        cpu -= task.cpuMilli;
        mem -= task.memoryBytes;
      }
    }
    const master = this.world.masters.get(this.marathon.driver.registeredWith ?? '');
    const net = this.world.ctx.network;
    const to = master?.addr ?? `${offer.agent}/none`;
    if (picked.length > 0) {
      // SIMPLIFICATION: matching is instant (upstream it takes up to offerMatchingTimeout, 3 s).
      this.world.simplification(
        'offer-matching',
        `Marathon matches an offer against its launch queue at once; upstream matching may take up to offer_matching_timeout (${f.offerMatchingTimeout / 1000} s).`,
        cause,
      );
      net.send('ACCEPT', this.marathon.addr, to, () => {
        // TaskLauncherImpl.acceptOffer filters what is left for 0 s, "so we get the same
        // offer in the next allocator cycle".
        if (master) accept(master, offer, picked, cause, (failed) => this.launchFailed(failed), 0);
      });
    } else {
      const reason = waiting === 0 ? 'nothing to launch' : 'insufficient resources';
      net.send('DECLINE', this.marathon.addr, to, () => {
        if (master) decline(master, offer, f.declineOfferDuration, reason, cause);
      });
    }
    this.updateSuppression();
  }

  private launchFailed(tasks: Task[]): void {
    for (const task of tasks) {
      this.launching.delete(task);
      if (!task.done && task.known && task.state === 'Scheduled') {
        (this.queued.get(task.app) ?? []).unshift(task);
      }
    }
    this.updateSuppression();
  }

  placed(task: Task): void {
    this.launching.delete(task);
  }

  /** Revive when a launch is due (at most every minReviveOffersInterval); suppress when idle. */
  updateSuppression(): void {
    if (!this.leading || this.marathon.driver.registeredWith === null) return;
    const f = this.world.flags;
    const wants = this.wantsOffers();
    // ReviveOffersStreamLogic: a revive whenever more offers are wanted than before, not only
    // out of suppression; it clears the master's decline filters.
    if (wants && (this.suppressed || this.reviveWanted) && this.reviveTimer === null) {
      const at = Math.max(this.clock.now, this.lastRevive + f.minReviveOffersInterval);
      this.reviveTimer = this.clock.at(at, () => {
        this.reviveTimer = null;
        if (!this.wantsOffers() || !this.leading) return;
        this.suppressed = false;
        this.reviveWanted = false;
        this.lastRevive = this.clock.now;
        const master = this.master();
        if (master) {
          this.world.ctx.network.send('ReviveOffersMessage', this.marathon.addr, master.addr, () =>
            master.revive('marathon'),
          );
        }
      });
    } else if (!wants && !this.suppressed && f.suppressOffers) {
      this.suppressed = true;
      const master = this.master();
      if (master) {
        this.world.ctx.network.send('SuppressOffersMessage', this.marathon.addr, master.addr, () =>
          master.suppress('marathon'),
        );
      }
    }
    // A queued app under backoff wakes the queue when its delay ends.
    let wake = Infinity;
    for (const [app, q] of this.queued) {
      const d = this.delays.get(app);
      if (q.length > 0 && d && d.until > this.clock.now) wake = Math.min(wake, d.until);
    }
    this.clock.clearTimeout(this.wakeTimer);
    this.wakeTimer =
      wake === Infinity
        ? null
        : this.clock.at(wake, () => {
            this.wakeTimer = null;
            this.reviveWanted = true;
            this.updateSuppression();
          });
  }

  // Status updates

  status(task: Task, state: TaskState, reason: string | null, cause: number | null): void {
    if (task.framework !== 'marathon') return;
    task.reported = state;
    if (!task.known || task.killRequested) {
      // An instance being killed that becomes unreachable is expunged all the same (0/0:
      // InstanceUpdater.readyToExpungeUnreachable does not look at the goal); if its task comes
      // back it is unknown and killed then.
      if (task.known && state === 'TASK_UNREACHABLE') this.world.tasks.forget(task);
      // A task that reports running after Marathon decided to kill it is killed again: the kill
      // may have been lost. SIMPLIFICATION: upstream's KillService also re-sends on a timer
      // (kill_retry_timeout); here a kill is re-sent when the task next reports.
      else if (state === 'TASK_RUNNING' || state === 'TASK_STARTING') {
        if (!task.known) this.killUnknown(task, cause);
        else this.master()?.killTask(task, null, cause);
      }
      return;
    }
    if (state === 'TASK_UNREACHABLE') {
      const f = this.world.flags;
      task.unreachableAt ??= this.clock.now;
      // InstanceUpdater judges the update itself: with 0/0 the instance is expunged at once;
      // with inactiveAfterSeconds 0 only, it is UnreachableInactive (replaced) at once.
      if (f.inactiveAfterSeconds === 0 && f.expungeAfterSeconds === 0) this.expunge(task, cause);
      else if (f.inactiveAfterSeconds === 0) this.makeInactive(task, cause);
      return;
    }
    if (task.unreachableAt !== null && !isTerminal(state)) {
      // Back before it was expunged: an UnreachableInactive instance counts again, and the scale
      // check kills one of the now surplus instances (youngest first: the replacement).
      task.unreachableAt = null;
      const wasInactive = task.inactive;
      const ev = this.recorder.emit({
        type: 'replica.running',
        subject: task.id,
        host: task.host,
        cause,
        native: state,
        text: wasInactive
          ? `${task.id} reports ${state} again before expungeAfterSeconds: Marathon counts the UnreachableInactive instance again, and ${task.app} now has one too many.`
          : `${task.id} reports ${state} again before inactiveAfterSeconds: Marathon had kept it and counts it as before.`,
        data: { app: task.app },
      });
      if (wasInactive) {
        this.world.tasks.setInactive(task, false);
        this.scaleCheck(task.app, ev.seq);
      }
      return;
    }
    if (!isTerminal(state)) return;
    if (reason === 'REASON_SLAVE_DRAINING') this.delays.delete(task.app);
    else if (state !== 'TASK_KILLED') this.addDelay(task.app, cause);
    this.scaleCheck(task.app, cause);
  }

  private killUnknown(task: Task, cause: number | null): void {
    task.killRequested = true;
    const ev = this.recorder.emit({
      type: 'marathon.killUnknown',
      subject: task.id,
      host: task.host,
      cause,
      native: `Kill unknown ${task.id}`,
      text: `Marathon no longer knows instance ${task.id} (it was expunged), so it kills the returning task: "Kill unknown ${task.id}".`,
      data: { app: task.app },
    });
    this.master()?.killTask(task, null, ev.seq);
  }

  /** RateLimiter.addDelay: backoff, then × factor, capped at maxLaunchDelaySeconds, from now. */
  private addDelay(app: string, cause: number | null): void {
    const f = this.world.flags;
    const now = this.clock.now;
    // RateLimiter.cleanUpOverdueDelays: a delay set longer ago than maxLaunchDelaySeconds is
    // dropped, so a failure hours after the last starts again from backoffSeconds.
    const old = this.delays.get(app);
    const d = old && now <= old.since + f.maxLaunchDelaySeconds ? old : undefined;
    const next = d
      ? Math.min(d.lastMs * f.backoffFactor, f.maxLaunchDelaySeconds)
      : Math.min(f.backoffSeconds, f.maxLaunchDelaySeconds);
    this.delays.set(app, { until: now + next, lastMs: next, since: now });
    this.recorder.emit({
      type: 'marathon.backoff',
      subject: app,
      host: this.marathon.host,
      cause,
      native: 'RateLimiter',
      text: `A launch of ${app} failed: Marathon delays its next launch by ${(next / 1000).toFixed(2)} s (backoffSeconds × backoffFactor, at most maxLaunchDelaySeconds).`,
      data: { delayMs: next },
    });
  }

  /**
   * Explicit reconciliation: the master answers for every task Marathon tracks
   * (REASON_RECONCILIATION), so a state whose update was lost on the way reaches Marathon now; a
   * task that ended unheard is caught by the scale check after.
   */
  reconcile(): void {
    const behind: Task[] = [];
    let n = 0;
    for (const task of this.world.tasks.live.values()) {
      if (task.framework !== 'marathon' || !task.known || task.host === null) continue;
      n++;
      if (task.reported !== task.state && task.state !== 'Scheduled') behind.push(task);
    }
    const ev = this.recorder.emit({
      type: 'marathon.reconciled',
      subject: 'marathon',
      host: this.marathon.host,
      cause: null,
      native: 'reconcileTasks',
      text: `Marathon reconciles its ${n} tasks with the master (reconciliation_initial_delay 15 s, then every reconciliation_interval) and checks each app's instance count against the answers.`,
    });
    // The master's answers travel as status updates, and can be lost like any other.
    const master = this.master();
    for (const task of master ? behind : []) {
      const state = task.state;
      this.world.ctx.network.send('StatusUpdateMessage', master!.addr, this.marathon.addr, () => {
        if (this.leading && task.known && !task.done && task.state === state)
          this.status(task, state, 'REASON_RECONCILIATION', ev.seq);
      });
    }
    this.scaleCheckAll(ev.seq);
  }
}
