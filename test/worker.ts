/** Where test/worker-environment.ts keeps what is to be closed when the worker ends. */
export const WORKER_END = Symbol.for('newsroom.test.workerEnd');

function closers(what: string): (() => Promise<void>)[] {
  const found = (globalThis as Record<symbol, unknown>)[WORKER_END];
  if (!Array.isArray(found)) {
    throw new Error(
      `${what} is shared by the files of a test worker: its project needs environment: './test/worker-environment.ts' and isolate: false (vitest.config.ts)`,
    );
  }
  return found as (() => Promise<void>)[];
}

/** Runs `close` after the worker's last file; the returned function runs it now instead. */
export function onWorkerEnd(what: string, close: () => Promise<void>): () => Promise<void> {
  const list = closers(what);
  const once = async () => {
    const at = list.indexOf(once);
    if (at < 0) return;
    list.splice(at, 1);
    await close();
  };
  list.push(once);
  return once;
}

const started = new Map<string, { value: Promise<unknown>; close: () => Promise<void> }>();

/**
 * The value `key` of this test worker: started by the first file that asks for it, then
 * shared by every later file the worker runs, and closed after its last file. A worker
 * runs its files one after another, never two at the same time.
 */
export function perWorker<T>(key: string, start: () => Promise<T>, close: (value: T) => Promise<void>): Promise<T> {
  const found = started.get(key);
  if (found) return found.value as Promise<T>;
  const value = start();
  const end = onWorkerEnd(key, async () => {
    if (started.get(key)?.value === value) started.delete(key);
    await close(await value);
  });
  started.set(key, { value, close: end });
  // A start that failed is tried again by the next file, not handed to it.
  value.catch(() => {
    if (started.get(key)?.value === value) started.delete(key);
    void end().catch(() => undefined);
  });
  return value;
}

/** Closes the worker's `key` now, if it was started: the next file that asks starts it anew. */
export async function endPerWorker(key: string): Promise<void> {
  await started.get(key)?.close();
}
