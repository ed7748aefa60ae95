// The one store (zustand's vanilla API, no framework binding).

import { createStore } from 'zustand/vanilla';
import type { ClusterplayState } from './types';
import { DEFAULT_SPEED } from './types';

export function initialState(): ClusterplayState {
  return {
    scenarioName: '',
    scenarioText: '',
    branches: [],
    activeBranch: 0,
    error: null,
    simulating: false,
    playheadMs: 0,
    playing: false,
    speed: DEFAULT_SPEED,
    selection: null,
    hostMenu: null,
    presenter: false,
    blank: false,
    help: false,
  };
}

export function createClusterplayStore(state: Partial<ClusterplayState> = {}) {
  return createStore<ClusterplayState>()(() => ({ ...initialState(), ...state }));
}

export type ClusterplayStore = ReturnType<typeof createClusterplayStore>;
