// The one way the web app talks to the server: JSON over fetch with the session cookie, the CSRF
// header on every write, and problem+json errors turned into an ApiError whose field errors the
// forms show next to their fields.

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export interface Reason {
  code: string;
  rule: string;
  message: string;
  action: string;
  earliestChangeDate?: string | null;
  deadline?: string | null;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  reasons?: Reason[];
  warnings?: Reason[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
  get status(): number {
    return this.problem.status;
  }
  /** The server's message for one field, by its path ('specimenDate', 'account/email'). */
  fieldError(field: string): string | undefined {
    return this.problem.errors?.find((error) => error.field === field)?.message;
  }
}

/** What failed, as an ApiError: the server's problem, else "Something went wrong". */
export function asApiError(caught: unknown): ApiError {
  return caught instanceof ApiError ? caught : new ApiError({ type: 'about:blank', title: 'Something went wrong', status: 0 });
}

/** The problem of a request that never reached the server. */
export const NO_CONNECTION: Problem = {
  type: 'about:blank',
  title: 'No connection',
  status: 0,
  detail: 'The server could not be reached. Check your connection and try again.',
};

function cookie(name: string): string | undefined {
  return document.cookie
    .split('; ')
    .find((part) => part.startsWith(`${name}=`))
    ?.slice(name.length + 1);
}

/** The token every write sends back in its x-csrf-token header (the server sets it as a cookie). */
export function csrfToken(): string | undefined {
  const value = cookie('isocourse_csrf');
  return value === undefined ? undefined : decodeURIComponent(value);
}

async function request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
  const headers: Record<string, string> = { ...extraHeaders, accept: 'application/json' };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
  }
  const csrf = csrfToken();
  if (method !== 'GET' && csrf !== undefined) {
    headers['x-csrf-token'] = csrf;
  }
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(NO_CONNECTION);
  }
  if (response.status === 204) {
    return undefined as T;
  }
  const text = await response.text();
  const parsed: unknown = text === '' ? null : JSON.parse(text);
  if (!response.ok) {
    const problem = (parsed ?? { type: 'about:blank', title: response.statusText, status: response.status }) as Problem;
    if (response.status === 401 && path !== '/sessions') {
      window.dispatchEvent(new CustomEvent('isocourse:session-ended'));
    }
    throw new ApiError(problem);
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  /** `headers` adds request headers, e.g. { 'idempotency-key': … } on the pharmacy's authorization and dispense. */
  post: <T>(path: string, body: unknown = {}, headers?: Record<string, string>) => request<T>('POST', path, body, headers),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
