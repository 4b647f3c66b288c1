// A machine client for the interop tests, as a real EHR or pharmacy system would be: registered by
// the administrator with its public key, it signs a client assertion (ES384, jose) and gets an
// access token from the real /auth/token, then calls the FHIR, CDS Hooks and SCRIPT routes with it.
//
//   const ehr = await registerInteropClient(api, { kind: 'practice' });
//   const res = await ehr.client.get('/fhir/r4/Patient?identifier=...');
//   const xml = await pharmacySystem.client.raw('POST', '/ncpdp/script', body, 'application/xml');
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApi } from './api.js';
import type { UntypedJson } from './json.js';

/** Every scope isocourse's edges know, for a client that may do everything its kind can. */
export const ALL_SYSTEM_SCOPES = ['system/*.cruds'];

export interface InteropResponse<T = UntypedJson> {
  status: number;
  /** JSON bodies parsed; anything else (XML, NDJSON) as text. */
  body: T;
  text: string;
  headers: LightMyRequestResponse['headers'];
}

export interface InteropHttpClient {
  get<T = UntypedJson>(path: string, headers?: Record<string, string>): Promise<InteropResponse<T>>;
  /** JSON (as application/fhir+json unless a content type is given). */
  post<T = UntypedJson>(path: string, body: unknown, headers?: Record<string, string>): Promise<InteropResponse<T>>;
  /** Any body as sent (XML, a form, broken JSON). */
  raw<T = UntypedJson>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body: string | undefined,
    contentType?: string,
    headers?: Record<string, string>,
  ): Promise<InteropResponse<T>>;
}

export interface RegisteredInteropClient {
  /** The row id (for revocation). */
  id: string;
  clientId: string;
  token: string;
  client: InteropHttpClient;
  /** Signs a fresh client assertion (for tests of the token endpoint itself). */
  assertion(options?: { audience?: string; expiresInSeconds?: number; jti?: string; issuer?: string }): Promise<string>;
  /** Asks /auth/token for another token. */
  requestToken(scope: string, assertion?: string): Promise<InteropResponse>;
}

/** A client that sends an explicit bearer token (or none) to the interop routes. */
export function interopHttpClient(api: TestApi, token: string | null): InteropHttpClient {
  const raw = async (
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body: string | undefined,
    contentType?: string,
    headers: Record<string, string> = {},
  ): Promise<InteropResponse> => {
    const response = await api.app.inject({
      method,
      url: path,
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        ...(contentType === undefined ? {} : { 'content-type': contentType }),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: body }),
    });
    const text = response.body;
    const type = String(response.headers['content-type'] ?? '');
    let parsed: unknown = text;
    // JSON (application/json, application/fhir+json) is parsed; NDJSON (application/fhir+ndjson, a bulk
    // export's files) is one JSON document a line, not one document: left as text.
    if (/json/.test(type) && !/ndjson/.test(type) && text !== '') {
      parsed = JSON.parse(text);
    }
    return { status: response.statusCode, body: parsed, text, headers: response.headers };
  };
  return {
    get: (path, headers) => raw('GET', path, undefined, undefined, headers),
    post: (path, body, headers = {}) => raw('POST', path, JSON.stringify(body), headers['content-type'] ?? 'application/fhir+json', headers),
    raw,
  };
}

export async function registerInteropClient(
  api: TestApi,
  options: { kind: 'practice' | 'pharmacy'; scopes?: string[]; organizationId?: string; name?: string; jwksUrl?: (publicJwk: object) => Promise<string> } = {
    kind: 'practice',
  },
): Promise<RegisteredInteropClient> {
  const { publicKey, privateKey } = await generateKeyPair('ES384', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: randomUUID(), alg: 'ES384', use: 'sig' };
  const organizationId = options.organizationId ?? (options.kind === 'practice' ? api.ids.practiceId : api.ids.pharmacyId);
  const scopes = options.scopes ?? ALL_SYSTEM_SCOPES;
  const registration = await api.as('admin').post('/interop-clients', {
    name: options.name ?? (options.kind === 'practice' ? 'Test EHR' : 'Test pharmacy system'),
    organizationId,
    scopes,
    ...(options.jwksUrl === undefined ? { jwks: { keys: [publicJwk] } } : { jwksUrl: await options.jwksUrl({ keys: [publicJwk] }) }),
  });
  if (registration.status !== 201) {
    throw new Error(`registering the client failed: ${registration.status} ${JSON.stringify(registration.body)}`);
  }
  const clientId = registration.body.clientId as string;
  const anonymous = interopHttpClient(api, null);
  const configuration = await anonymous.get('/.well-known/smart-configuration');
  const tokenEndpoint = configuration.body.token_endpoint as string;
  const assertion = async (assertionOptions: { audience?: string; expiresInSeconds?: number; jti?: string; issuer?: string } = {}) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'ES384', kid: publicJwk.kid, typ: 'JWT' })
      .setIssuer(assertionOptions.issuer ?? clientId)
      .setSubject(assertionOptions.issuer ?? clientId)
      .setAudience(assertionOptions.audience ?? tokenEndpoint)
      .setJti(assertionOptions.jti ?? randomUUID())
      // Relative to the server's clock (the tests move it), as a client in step with the server would.
      .setIssuedAt(Math.floor(api.services.now().getTime() / 1000))
      .setExpirationTime(Math.floor(api.services.now().getTime() / 1000) + (assertionOptions.expiresInSeconds ?? 240))
      .sign(privateKey);
  const requestToken = async (scope: string, signed?: string) =>
    anonymous.raw(
      'POST',
      new URL(tokenEndpoint).pathname,
      new URLSearchParams({
        grant_type: 'client_credentials',
        scope,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: signed ?? (await assertion()),
      }).toString(),
      'application/x-www-form-urlencoded',
    );
  const issued = await requestToken(scopes.join(' '));
  if (issued.status !== 200) {
    throw new Error(`the token request failed: ${issued.status} ${issued.text}`);
  }
  const token = issued.body.access_token as string;
  return { id: registration.body.id as string, clientId, token, client: interopHttpClient(api, token), assertion, requestToken };
}
