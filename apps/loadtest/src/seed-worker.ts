// One part of the region seed in a worker thread of its own (see seedRegion in seed.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { seedRegistryPart, seedRestPart, type SeedTask } from './seed.ts';

const task = workerData as SeedTask;
const log = (line: string) => parentPort!.postMessage({ type: 'log', line });
const result =
  task.task === 'registry'
    ? await seedRegistryPart(task, log, (roster) => parentPort!.postMessage({ type: 'roster', roster }))
    : await seedRestPart(task, log);
parentPort!.postMessage({ type: 'done', result });
