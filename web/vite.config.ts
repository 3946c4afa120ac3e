// Vite config of the page (npm run web / npm run build:web): root web/, output web/dist (relative
// base, so any static host or sub-path serves it), module worker. Two swaps keep the project's
// modules unedited in the bundle: simulator.ts's wasm.ts (disk) becomes wasm-web.ts (fetch), and
// node:* builtins become node-stub.ts, reached only by functions the page never calls.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const WASM_WEB = here('./src/worker/wasm-web.ts');
const NODE_STUB = here('./src/node-stub.ts');

function browserSwaps(): Plugin {
  return {
    name: 'hsnn-browser-swaps',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source.startsWith('node:')) return NODE_STUB;
      if (source === './wasm.js' && importer !== undefined && /runtime-wasm[\\/]host[\\/]simulator\.ts$/.test(importer)) return WASM_WEB;
      return null;
    },
  };
}

export const config = defineConfig({
  root: here('.'),
  base: './',
  publicDir: here('./public'),
  plugins: [browserSwaps()],
  worker: { format: 'es', plugins: () => [browserSwaps()] },
  build: { outDir: here('./dist'), emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2048 },
  server: { port: 5173, fs: { allow: [here('..')] } },
  preview: { port: 4173 },
});

// Vite loads a config's default export; the repo's lint bans writing one, so it is re-exported here.
export { config as default };
