// Who is logged in, for every page: loaded from GET /me at start, set by the log-in form, cleared
// by log-out or when the server says the session has ended.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, csrfToken } from './api';
import type { Locale } from './i18n/locales';

export type Role = 'admin' | 'prescriber' | 'delegate' | 'pharmacist' | 'patient';

export interface Me {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organizationId: string | null;
  patientId: string | null;
  /** The clinic's time zone (the user's organization's, a patient's practice's, else the server's): moments are shown in it. */
  timeZone?: string;
  /** The language the person chose (POST /me/language): the patient's pages are in it; staff pages stay English. */
  language?: Locale;
}

interface SessionValue {
  me: Me | null;
  loading: boolean;
  /** Set when the server ended the session (idle or expired), to say so on the log-in page. */
  ended: boolean;
  logIn: (email: string, password: string) => Promise<void>;
  logOut: () => Promise<void>;
  /** Records the language the person chose, then shows it. */
  chooseLanguage: (language: Locale) => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

/**
 * Whether this browser may hold a session: the server sets the session cookie (unreadable here)
 * and the CSRF cookie (readable) together, with one expiry, and clears both at log-out. Without
 * the CSRF cookie nobody is logged in, and the log-in page shows at once instead of after a
 * request to /me (a round trip less on a slow network). With it, /me says who, as before.
 * (false while pre-rendering at build, where there is no document: that render shows no session.)
 */
function maySessionExist(): boolean {
  return typeof document !== 'undefined' && csrfToken() !== undefined;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(maySessionExist);
  const [ended, setEnded] = useState(false);

  useEffect(() => {
    if (maySessionExist()) {
      api
        .get<Me>('/me')
        .then(setMe)
        .catch(() => {
          setMe(null);
        })
        .finally(() => {
          setLoading(false);
        });
    }
    const onEnded = () => {
      setMe((current) => {
        if (current !== null) {
          setEnded(true);
        }
        return null;
      });
    };
    window.addEventListener('isocourse:session-ended', onEnded);
    return () => {
      window.removeEventListener('isocourse:session-ended', onEnded);
    };
  }, []);

  const logIn = useCallback(async (email: string, password: string) => {
    await api.post('/sessions', { email, password });
    setMe(await api.get<Me>('/me'));
    setEnded(false);
  }, []);

  const logOut = useCallback(async () => {
    await api.delete('/sessions/current').catch(() => undefined);
    setMe(null);
  }, []);

  const chooseLanguage = useCallback(async (language: Locale) => {
    const chosen = await api.post<{ language: Locale }>('/me/language', { language });
    setMe((current) => (current === null ? null : { ...current, language: chosen.language }));
  }, []);

  const value = useMemo(() => ({ me, loading, ended, logIn, logOut, chooseLanguage }), [me, loading, ended, logIn, logOut, chooseLanguage]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (value === null) {
    throw new Error('useSession outside SessionProvider');
  }
  return value;
}

/** The logged-in user; pages behind the log-in use this. */
export function useMe(): Me {
  const { me } = useSession();
  if (me === null) {
    throw new Error('useMe without a session');
  }
  return me;
}

/** The program's zone, for a server whose GET /me does not give the clinic's. */
export const DEFAULT_TIME_ZONE = 'America/New_York';

/** The clinic's time zone: moments are shown in it, and today is the clinic's today. */
export function useClinicTimeZone(): string {
  return useMe().timeZone ?? DEFAULT_TIME_ZONE;
}
