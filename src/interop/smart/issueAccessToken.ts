// SMART Backend Services (SMART App Launch 2.x): a registered client proves who it is with a JWT it
// signed with its private key (RS384 or ES384) and gets a short-lived access token for the scopes it
// asked for, narrowed to those it was registered for. jose verifies the signature and claims.
import { randomBytes } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { ClientActor, Services } from '../../services/context.js';
import { clientForAssertion, storeAccessToken } from '../../services/interop/interopClientTokens.js';
import { grantScopes } from './scopes.js';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const SIGNING_ALGORITHMS = ['RS384', 'ES384'];
/** How long an access token lives (SMART recommends no more than five minutes). */
export const ACCESS_TOKEN_SECONDS = 300;
/** How far in the future an assertion may expire (SMART: no more than five minutes after it was issued). */
const ASSERTION_MAX_SECONDS = 300;
/** How long fetching a client's JWKS URL may take before the request is refused. */
const JWKS_FETCH_MS = 3000;

/** An OAuth 2.0 error answer (RFC 6749 §5.2), in its own words: a token client switches on `error`. */
export class OAuthError extends Error {
  constructor(
    readonly error: 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'invalid_scope' | 'unsupported_grant_type',
    readonly description: string,
    readonly status: 400 | 401 = error === 'invalid_client' ? 401 : 400,
  ) {
    super(description);
  }
}

export interface TokenRequest {
  grant_type?: string;
  scope?: string;
  client_assertion_type?: string;
  client_assertion?: string;
}

/** Remote key sets are kept per URL: jose caches the keys and refetches on an unknown kid. */
const remoteKeySets = new Map<string, JWTVerifyGetKey>();
function remoteKeySet(url: string): JWTVerifyGetKey {
  let keySet = remoteKeySets.get(url);
  if (keySet === undefined) {
    keySet = createRemoteJWKSet(new URL(url), { timeoutDuration: JWKS_FETCH_MS, cooldownDuration: 30_000, cacheMaxAge: 600_000 });
    remoteKeySets.set(url, keySet);
  }
  return keySet;
}

/**
 * Exchanges a client assertion for an access token. `audiences`: the token endpoint's URLs the
 * assertion may name in `aud` (as this request reached it).
 */
export async function issueAccessToken(services: Services, request: TokenRequest, audiences: string[], ip: string | null) {
  if (request.grant_type !== 'client_credentials') {
    throw new OAuthError('unsupported_grant_type', 'grant_type must be client_credentials (SMART Backend Services).');
  }
  if (request.client_assertion_type !== CLIENT_ASSERTION_TYPE) {
    throw new OAuthError('invalid_request', `client_assertion_type must be ${CLIENT_ASSERTION_TYPE}.`);
  }
  if (request.client_assertion === undefined || request.client_assertion === '') {
    throw new OAuthError('invalid_request', "client_assertion is required: a JWT signed with the client's private key.");
  }
  if (request.scope === undefined || request.scope.trim() === '') {
    throw new OAuthError('invalid_scope', 'scope is required, e.g. "system/Observation.rs system/Patient.rs".');
  }
  let claimedId: string;
  try {
    const claims = decodeJwt(request.client_assertion);
    if (typeof claims.iss !== 'string' || claims.iss !== claims.sub) {
      throw new OAuthError('invalid_client', "The assertion's iss and sub must both be the client_id.");
    }
    claimedId = claims.iss;
  } catch (error) {
    if (error instanceof OAuthError) {
      throw error;
    }
    throw new OAuthError('invalid_client', 'client_assertion is not a readable JWT.');
  }
  const now = services.now();
  const client = await clientForAssertion(services, claimedId);
  if (client === null || client.revoked_at !== null) {
    // The same words for an unknown and a revoked client: which ids exist does not leak.
    throw new OAuthError('invalid_client', 'Unknown client, or its registration was revoked.');
  }
  const keys = client.jwks_url !== null ? remoteKeySet(client.jwks_url) : createLocalJWKSet(client.jwks as JSONWebKeySet);
  let verified;
  try {
    verified = await jwtVerify(request.client_assertion, keys, {
      algorithms: SIGNING_ALGORITHMS,
      issuer: client.client_id,
      subject: client.client_id,
      audience: audiences,
      currentDate: now,
      requiredClaims: ['exp', 'jti'],
    });
  } catch (error) {
    const why =
      error instanceof joseErrors.JWTExpired
        ? 'the assertion has expired'
        : error instanceof joseErrors.JWTClaimValidationFailed
          ? `its "${error.claim}" claim is not right (aud must be this token endpoint's URL)`
          : error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid
            ? "the client's JWKS URL did not give a key set in time"
            : "its signature does not verify with the client's registered keys (RS384 or ES384)";
    throw new OAuthError('invalid_client', `The client assertion was refused: ${why}.`);
  }
  const expiresAt = new Date((verified.payload.exp ?? 0) * 1000);
  if (expiresAt.getTime() - now.getTime() > ASSERTION_MAX_SECONDS * 1000 + 60_000) {
    throw new OAuthError('invalid_client', 'The client assertion expires more than five minutes from now; SMART limits it to five.');
  }
  const scopes = grantScopes(
    request.scope.split(/\s+/).filter((scope) => scope !== ''),
    client.scopes,
  );
  if (scopes.length === 0) {
    throw new OAuthError('invalid_scope', 'None of the scopes asked for is one this client is registered for.');
  }
  const token = randomBytes(32).toString('base64url');
  const actor: ClientActor = {
    userId: client.user_id,
    role: client.kind === 'pharmacy' ? 'pharmacist' : 'delegate',
    organizationId: client.organization_id,
    supervisingPrescriberId: null,
    ip,
    client: { id: client.id, clientId: client.client_id, name: client.name, kind: client.kind, organizationId: client.organization_id, scopes },
  };
  const stored = await storeAccessToken(services, {
    actor,
    assertionId: String(verified.payload.jti),
    assertionExpiresAt: expiresAt,
    token,
    scopes,
    issuedAt: now,
    expiresAt: new Date(now.getTime() + ACCESS_TOKEN_SECONDS * 1000),
  });
  if (stored === 'replayed') {
    // An assertion is used once (its jti); a replay is refused.
    throw new OAuthError('invalid_client', 'This client assertion (its jti) was already used; sign a new one for every token request.');
  }
  return { access_token: token, token_type: 'bearer', expires_in: ACCESS_TOKEN_SECONDS, scope: scopes.join(' ') };
}
