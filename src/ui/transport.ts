// The playback buttons, speed menu and clock. Buttons run commands from the registry.

import { setSpeed } from '../store/actions';
import { clockLabel, durationMs } from '../store/selectors';
import type { ClusterplayStore } from '../store/store';
import { SPEEDS } from '../store/types';
import { COMMANDS } from './commands';
import { $, el } from './dom';

export function mountTransport(
  store: ClusterplayStore,
  extra: Record<string, () => void>,
): () => void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-command]')) {
    const id = button.dataset.command!;
    const command = COMMANDS.find((c) => c.id === id);
    if (command) button.title = `${command.label} (${command.keys.join(' or ')})`;
    button.addEventListener('click', () => {
      if (command) command.run(store);
      else extra[id]?.();
      button.blur(); // keep Space for play/pause, not for pressing this button again
    });
  }
  const speed = $('[data-testid="speed"]') as HTMLSelectElement;
  speed.append(...SPEEDS.map((s) => el('option', { text: `${s}×` })));
  SPEEDS.forEach((s, i) => ((speed.options[i] as HTMLOptionElement).value = String(s)));
  speed.value = String(store.getState().speed);
  speed.addEventListener('change', () => {
    setSpeed(store, Number(speed.value));
    speed.blur();
  });
  const play = $('[data-testid="play"]');
  const clock = $('[data-testid="clock"]');
  return () => {
    const s = store.getState();
    play.textContent = s.playing ? '▮▮' : '▶';
    play.setAttribute('aria-label', s.playing ? 'Pause' : 'Play');
    speed.value = String(s.speed);
    clock.textContent = clockLabel(s.playheadMs);
    clock.title = `of ${clockLabel(durationMs(s))}`;
  };
}
