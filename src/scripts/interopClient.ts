// The README's walk-through of a connected system, played from the command line (issue 11):
//
//   npm run interop:client -- register --kind practice --organization "Harbor Dermatology (demo)"
//     registers a system for that practice or pharmacy (by name or id; the only one of its kind when
//     left out) with a fresh ES384 key pair, as the first administrator, straight through the use
//     case (the database `npm start` uses, found as `npm run backup` finds it). Prints the client_id
//     alone on stdout; the private key is saved in ./data/interop-clients/<client_id>.json (0600).
//   TOKEN=$(npm run -s interop:token -- --client <client_id> [--scope "system/*.rs"] [--url http://127.0.0.1:3000])
//     signs a client assertion with that key and asks the running server's /auth/token, as the
//     system's own software would. Prints the access token alone on stdout.
//
// ISOCOURSE_INTEROP_CLIENTS_DIR chooses another folder for the key files. Exits 0 on success, 1 when
// the server or the database refused, 2 on a usage error (the message says which).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { readConfig } from '../config.js';
import { startDatabase } from '../db/postgresServer.js';
import { registerInteropClient } from '../interop/smart/interopClients.js';
import { PRESET_SCOPES } from '../interop/smart/scopePresets.js';
import type { Actor } from '../services/context.js';
import { createServices } from '../createServices.js';
import { InvalidInputError } from '../services/errors.js';

const USAGE = [
  'usage: npm run interop:client -- register --kind practice|pharmacy [--organization <name or id>] [--name <name>] [--scopes "<scope> ..."] [--url <server>]',
  '       npm run -s interop:token -- --client <client_id> [--scope "<scope> ..."] [--url <server>]',
].join('\n');

/** A saved client: what its software keeps (the private key never leaves this file). */
interface SavedClient {
  clientId: string;
  name: string;
  kind: 'practice' | 'pharmacy';
  organization: string;
  scopes: string[];
  privateJwk: JWK;
  /** The token URL, when the server's address was given at registration. */
  tokenEndpoint?: string;
}

class UsageError extends Error {}

function clientsDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env['ISOCOURSE_INTEROP_CLIENTS_DIR']?.trim() || path.join('data', 'interop-clients'));
}

function defaultServerUrl(): string {
  const config = readConfig();
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}

/** The server's token URL as it announces it (so the assertion's audience is exactly that). */
async function tokenEndpointOf(serverUrl: string): Promise<string> {
  const url = `${serverUrl.replace(/\/+$/, '')}/.well-known/smart-configuration`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' } });
  } catch (error) {
    throw new Error(
      `cannot reach ${url} (${error instanceof Error ? error.message : String(error)}); is the server running (npm start)? Give its address with --url.`,
      {
        cause: error,
      },
    );
  }
  if (!response.ok) {
    throw new Error(`${url} answered ${response.status}; is this an isocourse server?`);
  }
  const endpoint = ((await response.json()) as { token_endpoint?: unknown }).token_endpoint;
  if (typeof endpoint !== 'string') {
    throw new Error(`${url} names no token_endpoint.`);
  }
  return endpoint;
}

function splitScopes(text: string): string[] {
  return text.split(/[\s,]+/).filter((scope) => scope !== '');
}

async function register(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { kind: { type: 'string' }, organization: { type: 'string' }, name: { type: 'string' }, scopes: { type: 'string' }, url: { type: 'string' } },
  });
  const kind = values.kind;
  if (kind !== 'practice' && kind !== 'pharmacy') {
    throw new UsageError('--kind is practice (an EHR) or pharmacy (a pharmacy system).');
  }
  const scopes = values.scopes === undefined ? [...PRESET_SCOPES[kind]] : splitScopes(values.scopes);
  const tokenEndpoint = values.url === undefined ? undefined : await tokenEndpointOf(values.url);
  const config = readConfig();
  // Beside a running server, its PostgreSQL is used and left running; never created here.
  const database = await startDatabase({
    dataDir: config.dataDir,
    ...(config.databaseUrl === undefined ? {} : { databaseUrl: config.databaseUrl }),
    leaveAdoptedRunning: true,
    requireExisting: true,
  });
  const services = createServices(database.connectionString, config);
  try {
    const candidates = await services.db.selectFrom('organizations').select(['id', 'name']).where('kind', '=', kind).orderBy('name').execute();
    const wanted = values.organization?.trim();
    const matches =
      wanted === undefined
        ? candidates
        : candidates.filter((organization) => organization.id === wanted || organization.name.toLowerCase() === wanted.toLowerCase());
    if (matches.length !== 1) {
      const known = candidates.map((organization) => `"${organization.name}"`).join(', ') || 'none yet';
      throw new UsageError(
        wanted === undefined
          ? `--organization: which ${kind}? Registered: ${known}.`
          : `--organization: no ${kind} is called or has the id "${wanted}". Registered: ${known}.`,
      );
    }
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- matches.length is 1: any other count was refused just above
    const organization = matches[0]!;
    const admin = await services.db.selectFrom('users').select('id').where('role', '=', 'admin').orderBy('created_at').orderBy('id').executeTakeFirst();
    if (admin === undefined) {
      throw new Error('no administrator account yet: a client is registered by an administrator.');
    }
    const actor: Actor = { userId: admin.id, role: 'admin', organizationId: null, supervisingPrescriberId: null, ip: null };
    const { publicKey, privateKey } = await generateKeyPair('ES384', { extractable: true });
    const kid = randomUUID();
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' };
    const name = values.name?.trim() || `${organization.name} ${kind === 'practice' ? 'EHR' : 'pharmacy system'} (command line)`;
    const client = await registerInteropClient(services, actor, { name, organizationId: organization.id, scopes, jwks: { keys: [publicJwk] } });
    const saved: SavedClient = {
      clientId: client.clientId,
      name,
      kind,
      organization: organization.name,
      scopes: client.scopes,
      privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES384' },
      ...(tokenEndpoint === undefined ? {} : { tokenEndpoint }),
    };
    const directory = clientsDirectory();
    await fs.mkdir(directory, { recursive: true, mode: 0o700 });
    const file = path.join(directory, `${client.clientId}.json`);
    // Written readable by this user only from the first byte: it holds a private key.
    await fs.writeFile(file, `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    await fs.chmod(file, 0o600);
    console.error(`registered "${name}" for ${organization.name} with the scopes ${client.scopes.join(' ')}`);
    console.error(`its private key is in ${path.relative(process.cwd(), file) || file} (keep it there, readable by you only)`);
    console.error(`get a token: TOKEN=$(npm run -s interop:token -- --client ${client.clientId})`);
    console.log(client.clientId);
    return 0;
  } finally {
    await services.db.destroy();
    await database.stop();
  }
}

async function token(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { client: { type: 'string' }, scope: { type: 'string' }, url: { type: 'string' } } });
  if (values.client === undefined || values.client.trim() === '') {
    throw new UsageError('--client: the client_id that `npm run interop:client -- register` printed.');
  }
  const clientId = values.client.trim();
  if (!/^[A-Za-z0-9_-]+$/.test(clientId)) {
    throw new UsageError(`--client: "${clientId}" is not a client_id (letters, digits, - and _).`);
  }
  const file = path.join(clientsDirectory(), `${clientId}.json`);
  let saved: SavedClient;
  try {
    saved = JSON.parse(await fs.readFile(file, 'utf8')) as SavedClient;
  } catch {
    throw new UsageError(`--client: no key saved for ${clientId} in ${clientsDirectory()}; register it with npm run interop:client -- register.`);
  }
  const tokenEndpoint = values.url !== undefined ? await tokenEndpointOf(values.url) : (saved.tokenEndpoint ?? (await tokenEndpointOf(defaultServerUrl())));
  const scope = values.scope === undefined ? saved.scopes.join(' ') : splitScopes(values.scope).join(' ');
  const key = await importJWK(saved.privateJwk, 'ES384');
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES384', kid: saved.privateJwk.kid ?? '', typ: 'JWT' })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(tokenEndpoint)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('4m')
    .sign(key);
  let response: Response;
  try {
    response = await fetch(tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        scope,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      }),
    });
  } catch (error) {
    throw new Error(`cannot reach ${tokenEndpoint} (${error instanceof Error ? error.message : String(error)}); is the server running?`, { cause: error });
  }
  const answer = (await response.json().catch(() => ({}))) as {
    access_token?: string;
    scope?: string;
    expires_in?: number;
    error?: string;
    error_description?: string;
  };
  if (!response.ok || answer.access_token === undefined) {
    console.error(`no token: ${response.status} ${answer.error ?? ''}${answer.error_description === undefined ? '' : ` — ${answer.error_description}`}`);
    return 1;
  }
  console.error(`a token for ${answer.expires_in ?? '?'} s with the scopes ${answer.scope ?? scope}`);
  console.log(answer.access_token);
  return 0;
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  try {
    if (command === 'register') {
      return await register(rest);
    }
    if (command === 'token') {
      return await token(rest);
    }
    throw new UsageError(command === undefined ? 'say what to do: register or token.' : `unknown command "${command}".`);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      console.error(`${error.message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof InvalidInputError) {
      console.error(`refused: ${error.fields.map((problem) => `${problem.field}: ${problem.message}`).join('; ')}`);
      return 1;
    }
    throw error;
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
