// Idempotency-Key for the pharmacy's authorization and dispense requests: a fresh key for each
// action of the pharmacist, and the same key again when that very action is retried after the
// server could not be reached or failed (the first attempt may have been recorded; the server then
// answers it again instead of recording twice).
import { useCallback, useRef } from 'react';
import { ApiError } from '../../api';

function newKey(): string {
  if (typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  // crypto.randomUUID needs a secure context; a random version-4 UUID without it.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * `send(action, request)`: `action` names the request exactly (path and body); its key is kept
 * only while its last attempt failed for want of a connection, so a changed request gets a new key.
 */
export function useIdempotentSend() {
  const unanswered = useRef(new Map<string, string>());
  return useCallback(async <T>(action: string, request: (key: string) => Promise<T>): Promise<T> => {
    const key = unanswered.current.get(action) ?? newKey();
    unanswered.current.set(action, key);
    try {
      const answer = await request(key);
      unanswered.current.delete(action);
      return answer;
    } catch (error) {
      if (!(error instanceof ApiError && (error.status === 0 || error.status >= 500))) {
        unanswered.current.delete(action);
      }
      throw error;
    }
  }, []);
}
