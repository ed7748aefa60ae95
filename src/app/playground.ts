// The composition root of the page: store, worker, panes, panels, keys, the one rAF loop, and
// the URL. The only module that wires side effects together.

import { advance, loadScenario, pause, seek, select, type Simulator } from '../store/actions';
import { activeBranch, activeRuns, durationMs } from '../store/selectors';
import { createClusterplayStore } from '../store/store';
import type { Runs } from '../store/types';
import { PaneView } from '../render/pane';
import { Stage } from '../render/stage';
import { commandFor } from '../ui/commands';
import { $ } from '../ui/dom';
import { mountEventLog } from '../ui/eventLog';
import { mountHostMenu } from '../ui/hostMenu';
import { mountInspector } from '../ui/inspector';
import { mountNarration } from '../ui/narration';
import { mountOverlays } from '../ui/overlays';
import { mountScorecard } from '../ui/scorecard';
import { mountTimeline } from '../ui/timeline';
import { mountTransport } from '../ui/transport';
import type { PreviewingSimulator } from '../worker/client';
import type { EarlyContext } from './gpuContext';
import { buildLink, readLink } from './permalink';
import { DEFAULT_SCENARIO, scenarioFiles } from './scenarioFiles';
import type { Side } from '../run/types';

/** A scenario's title, read from its text without parsing it (for the picker). */
const titleOf = (text: string): string | undefined =>
  /^title:\s*(.+)$/m.exec(text)?.[1]?.replace(/^['"]|['"]$/g, '');

/** Frame gaps longer than this (a hidden tab, a breakpoint) do not move the playhead. */
const MAX_FRAME_GAP_MS = 500;

export async function startPlayground(
  simulator: Simulator | PreviewingSimulator,
  gpu?: Promise<EarlyContext>,
): Promise<void> {
  const store = createClusterplayStore();
  // Until the first scenario's whole run is in, the panes show its first keyframe (the worker's
  // preview): the clusters appear while the rest is simulated.
  let preview: Runs | null = null;
  let shown = () => {};
  const firstFrameShown = new Promise<void>((resolve) => (shown = resolve));
  if ('onPreview' in simulator) {
    simulator.onPreview = (runs) => {
      preview = runs;
      startLoop();
      return firstFrameShown;
    };
  }
  let loaded = false;

  const picker = $('[data-testid="scenario-picker"]') as HTMLSelectElement;
  const titles = new Map<string, string>();
  for (const [name, text] of scenarioFiles) {
    const title = titleOf(text);
    if (title) titles.set(name, title);
    picker.append(new Option(title ? `${title} (${name})` : name, name));
  }
  const fileInput = $('[data-role="file-input"]') as HTMLInputElement;

  const openText = async (
    name: string,
    text: string,
    file: string,
    edits = [] as Parameters<typeof loadScenario>[5],
  ) => {
    const ok = await loadScenario(store, simulator, name, text, file, edits);
    if (ok && scenarioFiles.get(name) === text) picker.value = name;
    else if (ok) showOwn(name, text, file);
    return ok;
  };
  // A scenario opened from a file or a link gets an entry of its own at the top of the list, so
  // the picker names what is on screen (and picking it again reopens it).
  const OWN = '\u0000own';
  let own: { name: string; text: string; file: string } | null = null;
  const showOwn = (name: string, text: string, file: string) => {
    own = { name, text, file };
    let option = [...picker.options].find((o) => o.value === OWN);
    if (!option) {
      option = new Option('', OWN);
      picker.prepend(option);
    }
    option.text = `${titleOf(text) ?? name} (${file.split('/').pop()})`;
    picker.value = OWN;
  };
  const openBundled = async (name: string) => {
    const text = scenarioFiles.get(name);
    if (text === undefined) {
      store.setState({ error: `There is no scenario named "${name}". Pick one from the list.` });
      return false;
    }
    return openText(name, text, `scenarios/${name}.yaml`);
  };
  const openFile = async (file: File) => {
    if (file.size > 1024 * 1024) {
      store.setState({
        error: `${file.name}: the file is ${(file.size / 1048576).toFixed(1)} MiB; a scenario may be at most 1 MiB.`,
      });
      return;
    }
    await openText(file.name.replace(/\.(ya?ml|json)$/i, ''), await file.text(), file.name);
  };
  // The first scenario goes to the worker before the rest of the page is set up.
  const link = readLink(window.location.href);
  if (link.problem) store.setState({ error: link.problem });
  const loading = (async () => {
    try {
      await openLinked();
    } finally {
      if ('onPreview' in simulator) simulator.onPreview = null;
      preview = null;
      loaded = true;
      startLoop();
    }
  })();
  async function openLinked() {
    // The header shows the scenario being opened from the first frame, not the list's first.
    const first = link.name ?? DEFAULT_SCENARIO;
    if (link.text === null && scenarioFiles.has(first)) {
      picker.value = first;
      $('#scenario-title').textContent = titles.get(first) ?? '';
    }
    if (link.text !== null && link.name !== null) {
      await openText(link.name, link.text, link.name, link.edits);
    } else if (link.name !== null && link.edits.length > 0 && scenarioFiles.has(link.name)) {
      await openText(
        link.name,
        scenarioFiles.get(link.name)!,
        `scenarios/${link.name}.yaml`,
        link.edits,
      );
    } else if (!(await openBundled(link.name ?? DEFAULT_SCENARIO))) {
      await openBundled(DEFAULT_SCENARIO);
    }
    if (link.seconds !== null) seek(store, link.seconds * 1000);
    performance.mark('clusterplay:runs-ready');
  }

  const copyLink = () => {
    const s = store.getState();
    const bundled = scenarioFiles.get(s.scenarioName) === s.scenarioText;
    const link = buildLink(
      window.location.href,
      {
        name: s.scenarioName,
        text: bundled ? undefined : s.scenarioText,
        edits: activeBranch(s)?.edits ?? [],
        seconds: s.playheadMs / 1000,
      },
      bundled,
    );
    window.history.replaceState(null, '', link);
    void navigator.clipboard?.writeText(link).catch(() => undefined);
  };

  const panes = {
    kubernetes: new PaneView('kubernetes', {
      onHostClick: (...a) => hostMenu.open(...a),
      onReplicaClick: (side, id) => select(store, { kind: 'replica', side, id }),
      onMessageClick: (side, id) => inspectMessage(side, id),
    }),
    mesos: new PaneView('mesos', {
      onHostClick: (...a) => hostMenu.open(...a),
      onReplicaClick: (side, id) => select(store, { kind: 'replica', side, id }),
      onMessageClick: (side, id) => inspectMessage(side, id),
    }),
  };
  const hostMenu = mountHostMenu(store, simulator);
  // A clicked message stops the play, so the presenter can choose what happens to it.
  function inspectMessage(side: Side, id: number): void {
    pause(store);
    select(store, { kind: 'message', side, id });
  }
  // For tests and `npm run bench`: the store, and a timed redraw of both panes over the run.
  const hooks = {
    store,
    /** Where the last benchFrames spent a frame, in ms: updating the scene, Pixi's render
     * call (building and sending GL commands), and waiting for the pixels (the rasterizer). */
    lastFrameSplit: { scene: 0, submit: 0, raster: 0 },
    messageDots: (side: Side) => panes[side].messageDotsOnCanvas(),
    hostOnCanvas: (side: Side, host: string) => panes[side].hostOnCanvas(host),
    cellLabels: (side: Side) => panes[side].cellLabelsShown(),
    hostText: (side: Side, host: string) => panes[side].hostText(host),
    benchFrames(count: number): number {
      const s = store.getState();
      const runs = activeRuns(s);
      const end = durationMs(s);
      const split = { scene: 0, submit: 0, raster: 0 };
      const start = performance.now();
      for (let i = 0; i < count; i++) {
        const t = ((i + 0.5) / count) * end;
        const t0 = performance.now();
        for (const side of ['kubernetes', 'mesos'] as const) {
          if (runs && panes[side].shownRun !== runs[side]) panes[side].setRun(runs[side]);
          panes[side].draw(t, s.speed, null);
        }
        const t1 = performance.now();
        stage.render();
        const t2 = performance.now();
        stage.finish();
        const t3 = performance.now();
        split.scene += t1 - t0;
        split.submit += t2 - t1;
        split.raster += t3 - t2;
      }
      hooks.lastFrameSplit = {
        scene: split.scene / count,
        submit: split.submit / count,
        raster: split.raster / count,
      };
      return (performance.now() - start) / count;
    },
  };
  (window as unknown as { clusterplay: unknown }).clusterplay = hooks;
  // Pixi starts its WebGL context while the worker simulates the scenario.
  const stage = new Stage();
  const panesBox = $('.panes');
  const renderersReady = (gpu ?? Promise.resolve(undefined)).then(async (early) => {
    const name = await stage.init(panesBox, early);
    panes.kubernetes.attach(stage);
    panes.mesos.attach(stage);
    document.body.dataset.renderer = name;
    document.body.dataset.device = stage.device();
    performance.mark('clusterplay:renderers-ready');
  });
  /** Fit the stage to the panes' box and each pane to its own element. */
  const placePanes = () => {
    stage.resize(panesBox.clientWidth, panesBox.clientHeight);
    const box = panesBox.getBoundingClientRect();
    for (const side of ['kubernetes', 'mesos'] as const) {
      const r = $(`[data-testid="pane-${side}"]`).getBoundingClientRect();
      panes[side].place({ x: r.left - box.left, y: r.top - box.top, w: r.width, h: r.height });
    }
  };

  const updates = [
    mountTransport(store, { 'open-file': () => fileInput.click(), 'copy-link': copyLink }),
    mountTimeline(store),
    mountEventLog(store),
    mountInspector(store, simulator),
    mountScorecard(store),
    mountNarration(store),
    mountOverlays(store),
    hostMenu.update,
  ];

  picker.addEventListener('change', () => {
    if (picker.value === OWN) {
      if (own) void openText(own.name, own.text, own.file);
      picker.blur();
      return;
    }
    void openBundled(picker.value).then(
      (ok) =>
        ok &&
        window.history.replaceState(null, '', `?scenario=${encodeURIComponent(picker.value)}`),
    );
    picker.blur();
  });
  fileInput.addEventListener(
    'change',
    () => fileInput.files?.[0] && void openFile(fileInput.files[0]),
  );
  const dropHint = $('[data-role="drop-hint"]');
  window.addEventListener('dragover', (e) => {
    e.preventDefault();
    dropHint.hidden = false;
  });
  window.addEventListener('dragleave', () => (dropHint.hidden = true));
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    dropHint.hidden = true;
    const file = e.dataTransfer?.files[0];
    if (file) void openFile(file);
  });
  window.addEventListener('keydown', (e) => {
    if (
      e.target instanceof HTMLInputElement ||
      e.target instanceof HTMLSelectElement ||
      e.target instanceof HTMLTextAreaElement
    )
      return;
    const command = commandFor(e);
    if (!command) return;
    e.preventDefault();
    command.run(store);
  });

  // `npm run bench`'s time to first frame: from navigation until the first frame that drew both
  // panes' hosts has been committed (the next frame has begun).
  let firstFrame = 0;
  const markFirstFrame = () => {
    const mark = performance.mark('clusterplay:first-frame');
    document.body.dataset.firstFrame = String(Math.round(mark.startTime));
    shown();
  };
  // The loop starts when there is something to draw: Pixi is ready, and a preview or the run
  // is in (an empty frame would only hold the preview up).
  let renderers = false;
  let looping = false;
  function startLoop(): void {
    if (looping || !renderers || (!preview && !loaded)) return;
    looping = true;
    requestAnimationFrame(frame);
  }
  // Render only on change: the loop advances playback, and draws when the state or size moved.
  let last = performance.now();
  let drawn: unknown[] = [];
  const frame = (now: number) => {
    const gap = now - last;
    last = now;
    if (gap < MAX_FRAME_GAP_MS) advance(store, gap);
    const s = store.getState();
    const runs = activeRuns(s) ?? preview;
    placePanes();
    const key = [s, preview, window.innerWidth, window.innerHeight, document.body.className];
    if (panes.kubernetes.dirty || panes.mesos.dirty || key.some((k, i) => k !== drawn[i])) {
      drawn = key;
      for (const side of ['kubernetes', 'mesos'] as const) {
        const selected =
          s.selection?.kind === 'host' && s.selection.side === side ? s.selection.host : null;
        if (runs && panes[side].shownRun !== runs[side]) panes[side].setRun(runs[side]);
        panes[side].draw(s.playheadMs, s.speed, selected);
      }
      stage.render();
      if (runs && !firstFrame) {
        // The clusters go on screen first; the panels follow in the next frame.
        firstFrame = requestAnimationFrame(markFirstFrame);
        drawn = [];
      } else if (loaded) {
        for (const update of updates) update();
        document.body.dataset.playhead = String(Math.round(s.playheadMs));
        if (activeRuns(s)) document.body.dataset.ready = s.scenarioName;
      }
    }
    requestAnimationFrame(frame);
  };

  await renderersReady;
  renderers = true;
  startLoop();
  await loading;
}
