// Loading and failure, the same everywhere: a polite live region while waiting, the server's
// problem when it failed, with a retry.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { asApiError, type ApiError } from '../api';
import { useLanguage, useWords } from '../i18n/I18n';
import { problemWords } from '../i18n/problemWords';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** Loads once, and again on reload() or when a dependency changes. */
export function useLoad<T>(load: () => Promise<T>, dependencies: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [generation, setGeneration] = useState(0);
  // Loading is derived, not set in the effect: it lasts until a load started for exactly these
  // dependencies (and this reload) has settled, so a change shows "loading" from its first render.
  const wanted = [...dependencies, generation];
  const [settledFor, setSettledFor] = useState<readonly unknown[] | null>(null);
  const loading = settledFor === null || settledFor.length !== wanted.length || settledFor.some((value, index) => !Object.is(value, wanted[index]));
  useEffect(() => {
    let current = true;
    const started = [...dependencies, generation];
    load()
      .then((value) => {
        if (current) {
          setData(value);
          setError(null);
        }
      })
      .catch((caught: unknown) => {
        if (current) {
          setError(asApiError(caught));
        }
      })
      .finally(() => {
        if (current) {
          setSettledFor(started);
        }
      });
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...dependencies, generation]);
  const reload = useCallback(() => {
    setGeneration((value) => value + 1);
  }, []);
  return { data, error, loading, reload };
}

export function Loading({ what }: { what: string }) {
  const { t } = useWords();
  return (
    <p className="loading" role="status">
      {t('common.loading', { what })}
    </p>
  );
}

export function LoadFailed({ error, retry }: { error: ApiError; retry: () => void }) {
  const { t } = useWords();
  const { locale } = useLanguage();
  const words = problemWords(error.problem, t, locale === 'en');
  return (
    <div className="problem" role="alert">
      <p className="problem-title">{words.title}</p>
      {words.detail === undefined ? null : <p>{words.detail}</p>}
      <button type="button" onClick={retry}>
        {t('common.tryAgain')}
      </button>
    </div>
  );
}

/** Renders the loaded data, or the loading / failed state. */
export function Await<T>({ loaded, what, children }: { loaded: Loaded<T>; what: string; children: (data: T) => ReactNode }) {
  if (loaded.error !== null) {
    return <LoadFailed error={loaded.error} retry={loaded.reload} />;
  }
  if (loaded.data === undefined) {
    return <Loading what={what} />;
  }
  return <>{children(loaded.data)}</>;
}

/** A list page's title with the button that loads it again (disabled while it loads). */
export function HeadingWithRefresh({ title, loaded }: { title: string; loaded: Loaded<unknown> }) {
  return (
    <div className="heading-row">
      <h1>{title}</h1>
      <button type="button" onClick={loaded.reload} disabled={loaded.loading} aria-busy={loaded.loading}>
        {loaded.loading ? 'Refreshing…' : 'Refresh'}
      </button>
    </div>
  );
}
