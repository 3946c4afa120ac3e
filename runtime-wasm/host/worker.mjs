// Worker-thread entry of the slice pool (pool.ts): registers the TypeScript loader, then runs worker-main.ts.
import { register } from 'tsx/esm/api';

register();
await import('./worker-main.ts');
