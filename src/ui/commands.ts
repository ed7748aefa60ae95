// One registry feeds the buttons, the keyboard and the `?` overlay, so they never disagree.

import {
  stepChapter,
  stepEvent,
  stepSecond,
  stepSpeed,
  toggleBlank,
  toggleHelp,
  togglePlay,
  togglePresenter,
} from '../store/actions';
import type { ClusterplayStore } from '../store/store';

export interface KeyStroke {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

export interface Command {
  id: string;
  /** What the `?` overlay and the button's tooltip say. */
  label: string;
  /** The keys as the overlay shows them. */
  keys: string[];
  matches(stroke: KeyStroke): boolean;
  run(store: ClusterplayStore): void;
}

const plain =
  (...keys: string[]) =>
  (s: KeyStroke) =>
    !s.shiftKey && !s.ctrlKey && !s.metaKey && !s.altKey && keys.includes(s.key);
const shifted = (key: string) => (s: KeyStroke) =>
  !!s.shiftKey && !s.ctrlKey && !s.metaKey && !s.altKey && s.key === key;
/** Keys whose character already needs Shift on some layouts (`?`, `[`): ignore Shift. */
const character =
  (...keys: string[]) =>
  (s: KeyStroke) =>
    !s.ctrlKey && !s.metaKey && !s.altKey && keys.includes(s.key);

export const COMMANDS: readonly Command[] = [
  { id: 'play', label: 'Play / pause', keys: ['Space'], matches: plain(' '), run: togglePlay },
  {
    id: 'step-back',
    label: 'Previous event',
    keys: ['←'],
    matches: plain('ArrowLeft'),
    run: (s) => stepEvent(s, -1),
  },
  {
    id: 'step-forward',
    label: 'Next event',
    keys: ['→'],
    matches: plain('ArrowRight'),
    run: (s) => stepEvent(s, 1),
  },
  {
    id: 'second-back',
    label: 'Back one second',
    keys: ['Shift+←'],
    matches: shifted('ArrowLeft'),
    run: (s) => stepSecond(s, -1),
  },
  {
    id: 'second-forward',
    label: 'Forward one second',
    keys: ['Shift+→'],
    matches: shifted('ArrowRight'),
    run: (s) => stepSecond(s, 1),
  },
  {
    id: 'slower',
    label: 'Slower',
    keys: ['['],
    matches: character('['),
    run: (s) => stepSpeed(s, -1),
  },
  {
    id: 'faster',
    label: 'Faster',
    keys: [']'],
    matches: character(']'),
    run: (s) => stepSpeed(s, 1),
  },
  {
    id: 'next-chapter',
    label: 'Next chapter mark (clicker)',
    keys: ['PageDown'],
    matches: plain('PageDown'),
    run: (s) => stepChapter(s, 1),
  },
  {
    id: 'previous-chapter',
    label: 'Previous chapter mark (clicker)',
    keys: ['PageUp'],
    matches: plain('PageUp'),
    run: (s) => stepChapter(s, -1),
  },
  {
    id: 'presenter',
    label: 'Presenter mode (full screen)',
    keys: ['F'],
    matches: character('f', 'F'),
    run: togglePresenter,
  },
  {
    id: 'blank',
    label: 'Blank the screen (clicker)',
    keys: ['.', 'B'],
    matches: character('.', 'b', 'B'),
    run: toggleBlank,
  },
  {
    id: 'help',
    label: 'Show these keys',
    keys: ['?'],
    matches: character('?'),
    run: (s) => toggleHelp(s),
  },
  {
    id: 'close',
    label: 'Close the overlay or menu',
    keys: ['Esc'],
    matches: plain('Escape'),
    run: (s) => s.setState({ help: false, hostMenu: null, blank: false }),
  },
];

export function commandFor(stroke: KeyStroke): Command | undefined {
  return COMMANDS.find((c) => c.matches(stroke));
}

export function commandById(id: string): Command {
  const command = COMMANDS.find((c) => c.id === id);
  if (!command) throw new Error(`no command ${id}`);
  return command;
}
