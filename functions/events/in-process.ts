import type { ContentChange, ContentEvents } from './changes.ts';

type Listener = (change: ContentChange) => void | Promise<void>;
const listeners = new Set<Listener>();

/** Locally the publisher listens in the same process (infra/local/start.ts); tests listen too. */
export function onContentChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Content changes handed to whoever listens in this process (nobody, in most integration tests). */
export const inProcessEvents: ContentEvents = {
  async announce(change) {
    await Promise.all([...listeners].map((l) => l(change)));
  },
};
