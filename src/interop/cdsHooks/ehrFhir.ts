// Reading what prefetch did not bring from the EHR's FHIR server (CDS Hooks 2.0 §"FHIR Resource Access"),
// with the `fhirAuthorization` the EHR gave, inside ONE time budget for the whole hook call: a slow or
// failing EHR server costs at most the budget, and the caller says honestly what could not be read.
import type { Resource } from '@medplum/fhirtypes';

/** The whole hook's allowance for calls to the EHR (all fetches of one request share it). */
export const DEFAULT_EHR_FETCH_BUDGET_MS = 2500;
/** The most of an EHR's answer read (a patient or her medication requests are far smaller): memory stays bounded. */
export const MAX_EHR_RESPONSE_BYTES = 5 * 1024 * 1024;

/** The body as text, or null when it is longer than `limit` bytes (reading stops there). */
async function boundedText(response: Response, limit: number): Promise<string | null> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    return null;
  }
  if (response.body === null) {
    return '';
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export type EhrRead<T> = { kind: 'read'; resource: T } | { kind: 'unavailable'; why: string };

export interface EhrFhirAccess {
  /** e.g. "Patient/pat017" or "MedicationRequest?subject=Patient/pat017"; the resource must be of `resourceType`. */
  read<T extends Resource>(relativeUrl: string, resourceType: T['resourceType']): Promise<EhrRead<T>>;
}

export interface EhrFhirOptions {
  fhirServer: string;
  /** The bearer token from `fhirAuthorization.access_token`; none (or "") sends no Authorization header. */
  accessToken: string | undefined;
  /** When the budget runs out (epoch milliseconds); every read aborts then at the latest. */
  deadline: number;
  now?: () => number;
  fetch?: typeof fetch;
}

export function ehrFhirAccess(options: EhrFhirOptions): EhrFhirAccess {
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  const base = options.fhirServer.replace(/\/+$/, '');
  return {
    async read<T extends Resource>(relativeUrl: string, resourceType: T['resourceType']): Promise<EhrRead<T>> {
      const remaining = options.deadline - now();
      const what = `${relativeUrl} from the EHR's FHIR server`;
      if (remaining <= 0) {
        return { kind: 'unavailable', why: `There was no time left to read ${what}.` };
      }
      const headers: Record<string, string> = { accept: 'application/fhir+json' };
      if (options.accessToken !== undefined && options.accessToken !== '') {
        headers['authorization'] = `Bearer ${options.accessToken}`;
      }
      try {
        // The signal also bounds reading the body: a server that sends headers and then stalls is cut off too.
        const response = await doFetch(`${base}/${relativeUrl}`, { headers, signal: AbortSignal.timeout(remaining), redirect: 'error' });
        if (!response.ok) {
          await response.body?.cancel().catch(() => undefined);
          return { kind: 'unavailable', why: `Reading ${what} failed: it answered HTTP ${response.status}.` };
        }
        const text = await boundedText(response, MAX_EHR_RESPONSE_BYTES);
        if (text === null) {
          return { kind: 'unavailable', why: `Reading ${what} returned more than ${MAX_EHR_RESPONSE_BYTES / 1024 / 1024} MB; it was not read.` };
        }
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          return { kind: 'unavailable', why: `Reading ${what} did not return JSON.` };
        }
        if (typeof body !== 'object' || body === null || (body as { resourceType?: unknown }).resourceType !== resourceType) {
          return { kind: 'unavailable', why: `Reading ${what} did not return a ${resourceType}.` };
        }
        return { kind: 'read', resource: body as T };
      } catch (error) {
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        return {
          kind: 'unavailable',
          why: timedOut
            ? `The EHR's FHIR server did not answer ${relativeUrl} within the time allowed (${Math.round(remaining)} ms).`
            : `The EHR's FHIR server could not be reached for ${relativeUrl} (${error instanceof Error ? error.message : 'unknown error'}).`,
        };
      }
    },
  };
}
