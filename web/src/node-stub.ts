// Stands in for node:fs, node:path, node:crypto, node:zlib, node:url and node:worker_threads in the page
// bundle (vite.config.ts). The project modules the page imports reach Node only inside functions the
// page never calls (loadNetlist, loadRun, loadCheckpoint…); if one is reached anyway, it is a coded
// error naming the function instead of a silent wrong answer.
import { webError } from './codes.js';

function unavailable(name: string): () => never {
  return () => { throw webError('HSNN6004', `${name}() needs Node (file system or threads), which the page does not have`); };
}

export const readFileSync = unavailable('readFileSync');
export const existsSync = unavailable('existsSync');
export const statSync = unavailable('statSync');
export const writeFileSync = unavailable('writeFileSync');
export const renameSync = unavailable('renameSync');
export const mkdirSync = unavailable('mkdirSync');
export const rmSync = unavailable('rmSync');
export const unlinkSync = unavailable('unlinkSync');
export const openSync = unavailable('openSync');
export const closeSync = unavailable('closeSync');
export const fsyncSync = unavailable('fsyncSync');
export const writeSync = unavailable('writeSync');
export const readdirSync = unavailable('readdirSync');
export const createHash = unavailable('createHash');
export const gunzipSync = unavailable('gunzipSync');
export const gzipSync = unavailable('gzipSync');
export const fileURLToPath = unavailable('fileURLToPath');
export const pathToFileURL = unavailable('pathToFileURL');
export const join = unavailable('path.join');
export const resolve = unavailable('path.resolve');
export const dirname = unavailable('path.dirname');
export const basename = unavailable('path.basename');
export const relative = unavailable('path.relative');
export const extname = unavailable('path.extname');
export const isAbsolute = unavailable('path.isAbsolute');
export const sep = '/';
export class Worker {
  constructor() { unavailable('worker_threads.Worker')(); }
}
