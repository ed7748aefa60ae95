// Okabe–Ito, one meaning per colour (STYLE.md §6). Side colours only on frames, titles, lines.

import type { ReplicaState } from '../run/types';

export const COLORS = {
  kubernetes: 0x0072b2,
  mesos: 0xe69f00,
  running: 0x009e73,
  pending: 0xf0e442,
  lost: 0xd55e00,
  leader: 0xcc79a7,
  message: 0x56b4e9,
  ink: 0x1a1a1a,
  muted: 0x666666,
  box: 0xffffff,
  boxLine: 0x9a9a9a,
  off: 0xd8d8d8,
  stopping: 0x8c8c8c,
} as const;

export function phaseColor(phase: ReplicaState['phase']): number {
  switch (phase) {
    case 'running':
      return COLORS.running;
    case 'pending':
    case 'starting':
      return COLORS.pending;
    case 'stopping':
      return COLORS.stopping;
    case 'lost':
      return COLORS.lost;
  }
}
