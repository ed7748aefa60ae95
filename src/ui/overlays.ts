// The `?` overlay (from the command registry), the blank screen for clickers, and the error box.

import type { ClusterplayStore } from '../store/store';
import { COMMANDS } from './commands';
import { $, el } from './dom';

export function mountOverlays(store: ClusterplayStore): () => void {
  const help = $('[data-role="help"]');
  const blank = $('[data-role="blank"]');
  const error = $('[data-testid="error"]');
  help.append(
    el(
      'div',
      { className: 'card' },
      el('h2', { text: 'Keys' }),
      el(
        'table',
        {},
        ...COMMANDS.map((c) =>
          el(
            'tr',
            {},
            el('td', { text: c.keys.join('  or  '), className: 'keys' }),
            el('td', { text: c.label }),
          ),
        ),
      ),
      el('p', {
        text: 'Click a host on either pane to fail, cut off or recover it at the playhead: the run is simulated again as a new branch.',
      }),
    ),
  );
  help.addEventListener('click', () => store.setState({ help: false }));
  blank.addEventListener('click', () => store.setState({ blank: false }));
  return () => {
    const s = store.getState();
    help.hidden = !s.help;
    blank.hidden = !s.blank;
    error.hidden = s.error === null;
    error.textContent = s.error ?? '';
    document.body.classList.toggle('presenter', s.presenter);
  };
}
