// Composition root: the only code that touches window and the URL.

import { DEFAULT_SCENARIO, scenarioFiles } from './app/scenarioFiles';
import { showScenario } from './app/summaryPage';

const picker = document.querySelector<HTMLSelectElement>('[data-testid="scenario-picker"]')!;
for (const name of scenarioFiles.keys()) {
  const option = document.createElement('option');
  option.value = name;
  option.textContent = name;
  picker.append(option);
}

function open(name: string): void {
  const text = scenarioFiles.get(name);
  const error = document.querySelector<HTMLElement>('[data-testid="error"]')!;
  if (text === undefined) {
    error.textContent = `There is no scenario named "${name}". Pick one from the list.`;
    error.hidden = false;
    return;
  }
  picker.value = name;
  showScenario(name, text);
}

picker.addEventListener('change', () => {
  const url = new URL(window.location.href);
  url.searchParams.set('scenario', picker.value);
  window.history.replaceState(null, '', url);
  open(picker.value);
});

open(new URLSearchParams(window.location.search).get('scenario') ?? DEFAULT_SCENARIO);
