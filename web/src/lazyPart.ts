// A part of the app downloaded only when it is shown: each role's pages and the public pages are
// chunks of their own in the build (import() in App.tsx), so the log-in page does not download
// every role's code. Plain state, not React.lazy + Suspense: a part already downloaded renders at
// once, in the same render, which the pre-rendered public pages need to be taken over (hydrated)
// without a "Loading" in between (main.tsx downloads the public part before hydrating).
import { useEffect, useState } from 'react';

export interface LazyPart<T> {
  /** Downloads the part (once; again after a failure) and answers it. */
  load(): Promise<T>;
  /** The part, if it has been downloaded. */
  loaded(): T | undefined;
}

export function lazyPart<T>(importer: () => Promise<T>): LazyPart<T> {
  let value: T | undefined;
  let loading: Promise<T> | undefined;
  return {
    load() {
      loading ??= importer().then(
        (part) => {
          value = part;
          return part;
        },
        (error: unknown) => {
          // A download that failed (a phone losing its network) may be tried again.
          loading = undefined;
          throw error;
        },
      );
      return loading;
    },
    loaded: () => value,
  };
}

export type PartState<T> = { state: 'loaded'; value: T } | { state: 'loading' } | { state: 'failed'; retry: () => void };

/** The part when it is there; otherwise downloads it and renders again when it arrives or fails. */
export function usePart<T>(part: LazyPart<T>): PartState<T> {
  const value = part.loaded();
  const [failedPart, setFailedPart] = useState<LazyPart<unknown> | null>(null);
  const [, setArrived] = useState(0);
  const failed = failedPart === part;
  useEffect(() => {
    if (value !== undefined || failed) {
      return;
    }
    let current = true;
    part.load().then(
      () => {
        if (current) {
          setArrived((count) => count + 1);
        }
      },
      () => {
        if (current) {
          setFailedPart(part);
        }
      },
    );
    return () => {
      current = false;
    };
  }, [part, value, failed]);
  if (value !== undefined) {
    return { state: 'loaded', value };
  }
  if (failed) {
    return {
      state: 'failed',
      // A reload, not a second import(): Chromium (150 here) keeps a module whose download failed
      // as failed for the life of the page, so importing it again fails at once however good the
      // network is now. The session survives the reload, and the page comes back where it was.
      retry: () => {
        window.location.reload();
      },
    };
  }
  return { state: 'loading' };
}
