// Entry of a signing thread (signing-pool.ts). A worker thread does not inherit the TypeScript
// loader of the process that starts it (node --import tsx, or vitest's): register tsx, then load.
import { register } from 'tsx/esm/api';

register();
await import('./signing-thread.ts');
