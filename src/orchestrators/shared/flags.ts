// A side's flags: its defaults with the scenario's overrides on top (already in model units).

import type { FlagValue } from '../../scenario/types';

export function resolveFlags<Flags extends Record<string, FlagValue>>(
  defaults: Flags,
  overrides: Readonly<Record<string, FlagValue>>,
): Flags {
  const flags: Record<string, FlagValue> = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) {
    if (key in defaults) flags[key] = value;
  }
  return flags as Flags;
}
