// One registry for keys and buttons: every key of contract 3 maps to its command.

import { describe, expect, it } from 'vitest';
import { COMMANDS, commandFor } from '../../src/ui/commands';

describe('the command registry', () => {
  it.each([
    [{ key: ' ' }, 'play'],
    [{ key: 'ArrowLeft' }, 'step-back'],
    [{ key: 'ArrowRight' }, 'step-forward'],
    [{ key: 'ArrowLeft', shiftKey: true }, 'second-back'],
    [{ key: 'ArrowRight', shiftKey: true }, 'second-forward'],
    [{ key: '[' }, 'slower'],
    [{ key: ']' }, 'faster'],
    [{ key: 'f' }, 'presenter'],
    [{ key: 'F', shiftKey: true }, 'presenter'],
    [{ key: '?', shiftKey: true }, 'help'],
    [{ key: 'PageDown' }, 'next-chapter'],
    [{ key: 'PageUp' }, 'previous-chapter'],
    [{ key: '.' }, 'blank'],
    [{ key: 'b' }, 'blank'],
    [{ key: 'B', shiftKey: true }, 'blank'],
    [{ key: 'Escape' }, 'close'],
  ])('maps %o to %s', (stroke, id) => {
    expect(commandFor(stroke)?.id).toBe(id);
  });

  it('leaves browser shortcuts alone (Ctrl+F, Ctrl+ArrowLeft)', () => {
    expect(commandFor({ key: 'f', ctrlKey: true })).toBeUndefined();
    expect(commandFor({ key: 'ArrowLeft', ctrlKey: true })).toBeUndefined();
  });

  it('gives every command a label and its keys for the ? overlay, with no key bound twice', () => {
    const keys = COMMANDS.flatMap((c) => c.keys);
    expect(new Set(keys).size).toBe(keys.length);
    for (const c of COMMANDS) {
      expect(c.label.length).toBeGreaterThan(3);
      expect(c.keys.length).toBeGreaterThan(0);
    }
  });
});
