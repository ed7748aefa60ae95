import type { OutputChunk } from 'rolldown';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The entry starts the worker and the WebGL context, then imports the rest of the page, which
 * imports Pixi's renderer on demand. This has the page ask for all of it (and its CSS) right
 * after the entry, at once, rather than one round trip after another. (Pixi's renderers that
 * the page does not use cost a few bytes each: re-exports from the page's chunk.)
 */
function preloadEntryImports(): Plugin {
  let base = '/';
  return {
    name: 'clusterplay:preload-entry-imports',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle, chunk }) {
        if (!bundle || !chunk) return;
        const chunks = new Set<OutputChunk>();
        const visit = (file: string) => {
          const found = bundle[file];
          if (found?.type !== 'chunk' || found === chunk || chunks.has(found)) return;
          chunks.add(found);
          found.imports.forEach(visit);
          found.dynamicImports.forEach(visit);
        };
        chunk.dynamicImports.forEach(visit);
        const link = (rel: string, file: string) => ({
          tag: 'link',
          attrs: { rel, crossorigin: true, href: `${base}${file}` },
          injectTo: 'head' as const,
        });
        return [...chunks].flatMap((c) => [
          link('modulepreload', c.fileName),
          ...[...(c.viteMetadata?.importedCss ?? [])].map((css) => link('stylesheet', css)),
        ]);
      },
    },
  };
}

// One config for the page (vite) and the tests (vitest).
export default defineConfig({
  // Scenario files are served as raw text from scenarios/ (see src/app/scenarioFiles.ts).
  server: { port: 5173, strictPort: false },
  build: { target: 'es2022', sourcemap: true },
  worker: { format: 'es' },
  plugins: [preloadEntryImports()],
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
