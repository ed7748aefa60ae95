// The bundled teaching scenarios, as raw text keyed by name (`node-failure`).

const files = import.meta.glob('../../scenarios/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

export const scenarioFiles: ReadonlyMap<string, string> = new Map(
  Object.entries(files)
    .map(([path, text]) => [path.replace(/^.*\/([^/]+)\.yaml$/, '$1'), text] as const)
    .sort(([a], [b]) => a.localeCompare(b)),
);

export const DEFAULT_SCENARIO = 'node-failure';
