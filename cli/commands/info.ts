// `hsnn info`: which tfjs backend is in use, and the versions of everything that matters.
import { readFileSync } from 'node:fs';
import type { CommandSpec } from '../types.js';
import { initBackend } from '../../models/backend/select.js';

function pkgVersion(name: string): string {
  try {
    const url = new URL(`../../node_modules/${name}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

export const infoCommand: CommandSpec = {
  command: 'info',
  describe: 'print the tfjs backend in use and the versions',
  options: { backend: { type: 'string', describe: 'force a backend: tensorflow | wasm | cpu' } },
  async run(args, io) {
    const chosen = await initBackend(typeof args.backend === 'string' ? args.backend : undefined);
    const info = {
      hsnn: (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version,
      backend: chosen.name,
      backendNote: chosen.note,
      node: process.version,
      tfjs: pkgVersion('@tensorflow/tfjs'),
      'tfjs-backend-wasm': pkgVersion('@tensorflow/tfjs-backend-wasm'),
      'tfjs-node': pkgVersion('@tensorflow/tfjs-node'),
      assemblyscript: pkgVersion('assemblyscript'),
      protobufjs: pkgVersion('protobufjs'),
    };
    io.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
    return 0;
  },
};
