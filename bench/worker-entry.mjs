// Worker threads do not inherit the TypeScript loader: register it, then run the .ts module named in workerData.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.module);
