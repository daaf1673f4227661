// The entry of the worker thread that runs the readiness checks (started by readiness-runner.ts, one thread
// per run). Like the files in bin/, loading it is running it: it reads its input from workerData, posts one
// message with the outcome or the error, and ends.

import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runReadinessChecks, type ReadinessInput, type ReadinessOutcome } from './readiness-run.js';
import { errorText } from '../../user-error.js';

export type WorkerAnswer = { readonly ok: true; readonly outcome: ReadinessOutcome } | { readonly ok: false; readonly message: string };

const port = parentPort;
if (!isMainThread && port !== null) {
  const answer = (message: WorkerAnswer) => port.postMessage(message);
  runReadinessChecks(workerData as ReadinessInput).then(
    (outcome) => answer({ ok: true, outcome }),
    (error: unknown) => answer({ ok: false, message: errorText(error) }),
  );
}
