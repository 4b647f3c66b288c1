// The EHRs and pharmacy systems that exchange records with isocourse (issue 11, SMART Backend
// Services): every registered system with its client_id and scopes, registering one (its name, the
// practice or pharmacy it acts for, what it may do, its public key) and revoking one. After a
// registration the page shows what the system's own administrator needs to connect, so nothing is
// read out of a manual or typed twice.
import { useEffect, useId, useRef, useState } from 'react';
import { api, asApiError, type ApiError } from '../../api';
import {
  FormProblem,
  maxLength,
  required,
  SelectField,
  SubmitButton,
  TextAreaField,
  TextField,
  useForm,
  type FormState,
  type Validator,
  type CrossFieldValidator,
} from '../../components/forms';
import { Await, useLoad } from '../../components/status';
import { formatMoment } from '../../dates';
import { useMe } from '../../session';
import { clinicTimeZone, type Organization } from './adminTypes';
import { presetScopes, readPastedKeys, SCOPE_CHOICES } from './connectedSystems';
import './admin.css';

export interface InteropClient {
  id: string;
  clientId: string;
  name: string;
  organizationId: string;
  kind: 'practice' | 'pharmacy';
  scopes: string[];
  registeredAt: string;
  revoked: boolean;
}

export const KIND_LABELS: Record<InteropClient['kind'], string> = { practice: 'EHR (practice)', pharmacy: 'Pharmacy system' };

/** What the system's administrator configures on their side; the token URL as the server announces it. */
interface Endpoints {
  tokenUrl: string;
  fhirBase: string;
  cdsDiscovery: string;
  script: string;
}

async function loadEndpoints(): Promise<Endpoints> {
  const origin = window.location.origin;
  let tokenUrl = `${origin}/auth/token`;
  try {
    const response = await fetch('/.well-known/smart-configuration', { headers: { accept: 'application/json' } });
    if (response.ok) {
      tokenUrl = ((await response.json()) as { token_endpoint?: string }).token_endpoint ?? tokenUrl;
    }
  } catch {
    // The configuration could not be read: the token URL is still this server's /auth/token.
  }
  return { tokenUrl, fhirBase: `${origin}/fhir/r4`, cdsDiscovery: `${origin}/cds-services`, script: `${origin}/ncpdp/script` };
}

interface Directory {
  clients: InteropClient[];
  organizations: Organization[];
  endpoints: Endpoints;
}

export function ConnectedSystemsPage() {
  const directory = useLoad<Directory>(async () => {
    const [clients, organizations, endpoints] = await Promise.all([
      api.get<InteropClient[]>('/interop-clients'),
      api.get<Organization[]>('/organizations'),
      loadEndpoints(),
    ]);
    return { clients, organizations, endpoints };
  }, []);
  return (
    <section className="admin-page" aria-labelledby="systems-title">
      <h1 id="systems-title">Connected systems</h1>
      <p className="hint">
        The EHRs and pharmacy systems that exchange records with isocourse. Each acts for one practice or pharmacy, sees only what its people could see, and
        signs in with its own key (SMART Backend Services).
      </p>
      <Await loaded={directory} what="connected systems">
        {({ clients, organizations, endpoints }) => (
          <>
            <ClientTable clients={clients} organizations={organizations} onRevoked={directory.reload} />
            <RegisterClient organizations={organizations} endpoints={endpoints} onRegistered={directory.reload} />
          </>
        )}
      </Await>
    </section>
  );
}

/** A value to hand over, with a button that copies it (the text stays selectable when copying is not allowed). */
function CopyableValue({ value, what }: { value: string; what: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  return (
    <span className="admin-copy">
      <code className="admin-id">{value}</code>
      <button
        type="button"
        className="admin-copy-button"
        onClick={() => {
          const clipboard = typeof navigator === 'undefined' ? undefined : navigator.clipboard;
          if (clipboard === undefined) {
            setCopied('no');
            return;
          }
          clipboard.writeText(value).then(
            () => {
              setCopied('yes');
            },
            () => {
              setCopied('no');
            },
          );
        }}
      >
        Copy<span className="admin-visually-hidden"> {what}</span>
      </button>
      <span role="status" className="admin-copy-status">
        {copied === 'yes' ? 'Copied.' : copied === 'no' ? 'Select the text and copy it.' : ''}
      </span>
    </span>
  );
}

function ClientTable({ clients, organizations, onRevoked }: { clients: InteropClient[]; organizations: Organization[]; onRevoked: () => void }) {
  const me = useMe();
  const organizationName = new Map(organizations.map((organization) => [organization.id, organization.name]));
  const [confirming, setConfirming] = useState<string | null>(null);
  const [revoking, setRevoking] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [revoked, setRevoked] = useState<string | null>(null);
  const revoke = async (client: InteropClient) => {
    setRevoking(true);
    setProblem(null);
    try {
      await api.post(`/interop-clients/${client.id}/revocations`);
      setConfirming(null);
      setRevoked(`${client.name} is revoked: its tokens no longer work and it cannot get new ones.`);
      onRevoked();
    } catch (error) {
      setProblem(asApiError(error));
    } finally {
      setRevoking(false);
    }
  };
  return (
    <div className="card">
      <h2>Registered systems</h2>
      {clients.length === 0 ? (
        <p>No system is connected yet. Register one below.</p>
      ) : (
        <div className="table-scroll" role="region" aria-label="Registered systems" tabIndex={0}>
          <table className="admin-clients">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Acts for</th>
                <th scope="col">Kind</th>
                <th scope="col">Client ID</th>
                <th scope="col">Scopes</th>
                <th scope="col">Registered</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {clients.map((client) => (
                <tr key={client.id} className={client.revoked ? 'admin-revoked' : undefined}>
                  <th scope="row">{client.name}</th>
                  <td>{organizationName.get(client.organizationId) ?? 'Unknown'}</td>
                  <td>{KIND_LABELS[client.kind]}</td>
                  <td>
                    <CopyableValue value={client.clientId} what={`the client ID of ${client.name}`} />
                  </td>
                  <td>
                    <ul className="admin-scopes">
                      {client.scopes.map((scope) => (
                        <li key={scope}>
                          <code>{scope}</code>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td className="admin-when">{formatMoment(client.registeredAt, clinicTimeZone(me))}</td>
                  <td>
                    {client.revoked ? (
                      'Revoked'
                    ) : confirming === client.id ? (
                      <div className="admin-confirm" role="group" aria-label={`Revoke ${client.name}?`}>
                        <p>Revoke {client.name}? Its tokens stop working at once; registering it again gives it a new client ID.</p>
                        <div className="admin-actions">
                          <button type="button" className="danger" autoFocus disabled={revoking} onClick={() => void revoke(client)}>
                            {revoking ? 'Revoking…' : 'Revoke'}
                          </button>
                          <button
                            type="button"
                            disabled={revoking}
                            onClick={() => {
                              setConfirming(null);
                            }}
                          >
                            Keep it
                          </button>
                        </div>
                      </div>
                    ) : (
                      <>
                        Active{' '}
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => {
                            setRevoked(null);
                            setProblem(null);
                            setConfirming(client.id);
                          }}
                        >
                          Revoke…<span className="admin-visually-hidden"> {client.name}</span>
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <FormProblem error={problem} />
      <p role="status" className={revoked === null ? 'admin-visually-hidden' : 'success'}>
        {revoked ?? ''}
      </p>
    </div>
  );
}

type KeySource = 'jwks' | 'jwksUrl';
type Field = 'name' | 'organizationId' | 'scopes' | 'keySource' | 'jwks' | 'jwksUrl';

const httpsUrl: Validator = (value) => {
  if (value.trim() === '') {
    return undefined;
  }
  try {
    const url = new URL(value.trim());
    const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
    return url.protocol === 'https:' || (local && url.protocol === 'http:')
      ? undefined
      : 'An https address, like https://ehr.example.org/.well-known/jwks.json.';
  } catch {
    return 'A full address, like https://ehr.example.org/.well-known/jwks.json.';
  }
};

interface Registered {
  client: InteropClient;
  organization: string;
}

function RegisterClient({ organizations, endpoints, onRegistered }: { organizations: Organization[]; endpoints: Endpoints; onRegistered: () => void }) {
  const [registered, setRegistered] = useState<Registered | null>(null);
  const pastedKeys: CrossFieldValidator<Field> = (value, values) => {
    if (values.keySource !== 'jwks') {
      return undefined;
    }
    if (value.trim() === '') {
      return 'Paste the public key the system signs with, or give the address it publishes its keys at.';
    }
    const keys = readPastedKeys(value);
    return typeof keys === 'string' ? keys : undefined;
  };
  const keysUrl: CrossFieldValidator<Field> = (value, values) =>
    values.keySource === 'jwksUrl' && value.trim() === '' ? 'The address the system publishes its public keys at.' : undefined;
  const someScope: Validator = (value) => (value.trim() === '' ? 'Choose at least one thing the system may do.' : undefined);
  const form = useForm<Field>(
    { name: '', organizationId: '', scopes: '', keySource: 'jwks', jwks: '', jwksUrl: '' },
    {
      name: [required, maxLength(200)],
      organizationId: [required],
      scopes: [someScope],
      jwks: [pastedKeys],
      jwksUrl: [keysUrl, httpsUrl, maxLength(2000)],
    },
    async (values, { reset }) => {
      setRegistered(null);
      const keys = values.keySource === 'jwks' ? readPastedKeys(values.jwks) : null;
      const client = await api.post<InteropClient>('/interop-clients', {
        name: values.name.trim(),
        organizationId: values.organizationId,
        scopes: values.scopes.split(' ').filter((scope) => scope !== ''),
        ...(keys === null || typeof keys === 'string' ? { jwksUrl: values.jwksUrl.trim() } : { jwks: keys }),
      });
      reset();
      setRegistered({ client, organization: organizations.find((organization) => organization.id === client.organizationId)?.name ?? '' });
      onRegistered();
    },
  );
  const chosen = organizations.find((organization) => organization.id === form.values.organizationId);
  const organizationOptions: Array<readonly [string, string]> = [
    ['', 'Choose a practice or pharmacy…'],
    ...organizations.map(
      (organization) =>
        [organization.id, `${organization.name} — ${organization.kind === 'practice' ? 'practice (its EHR)' : 'pharmacy (its system)'}`] as const,
    ),
  ];
  // What the server refused about a key or a scope, which no single field of this form shows.
  const otherProblems = (form.serverError?.problem.errors ?? []).filter((error) => /^(jwks\/|scopes\/)/.test(error.field));
  return (
    <div className="admin-columns">
      <div className="card">
        <h2 id="register-title">Register a system</h2>
        <p className="hint">The system's administrator gives you its name and its public key; you choose what it may do.</p>
        <form onSubmit={(event) => void form.submit(event)} noValidate aria-labelledby="register-title">
          <TextField form={form} name="name" label="Name" autoComplete="off" hint="As your staff know it, e.g. “Harbor EHR” or “Elm Street pharmacy system”." />
          <SelectField
            form={form}
            name="organizationId"
            label="Acts for"
            options={organizationOptions}
            onChange={(event) => {
              form.set('organizationId', event.target.value);
              const organization = organizations.find((candidate) => candidate.id === event.target.value);
              // A practice's EHR and a pharmacy's system need different things: start from the preset of its kind.
              form.set('scopes', organization === undefined ? '' : presetScopes(organization.kind).join(' '));
            }}
          />
          {chosen === undefined ? null : <ScopeChoices form={form} kind={chosen.kind} />}
          <KeyFields form={form} />
          <FormProblem error={form.serverError} />
          {otherProblems.length === 0 ? null : (
            <ul className="field-error">
              {otherProblems.map((problem) => (
                <li key={problem.field}>{problem.message}</li>
              ))}
            </ul>
          )}
          <SubmitButton busy={form.busy} busyText="Registering…">
            Register system
          </SubmitButton>
        </form>
      </div>
      {registered === null ? null : <Handover registered={registered} endpoints={endpoints} />}
    </div>
  );
}

function ScopeChoices({ form, kind }: { form: FormState<Field>; kind: Organization['kind'] }) {
  const id = useId();
  const ticked = new Set(form.values.scopes.split(' ').filter((scope) => scope !== ''));
  const error = form.error('scopes');
  return (
    <fieldset className={error === undefined ? undefined : 'field-invalid'} aria-describedby={`${id}-hint${error === undefined ? '' : ` ${id}-error`}`}>
      <legend>It may</legend>
      <p className="hint" id={`${id}-hint`}>
        {kind === 'practice'
          ? 'Ticked: what an EHR needs. A SCRIPT NewRx is signed by the prescriber of this practice with its NPI.'
          : 'Ticked: what a pharmacy system needs. SCRIPT messages (REMSRequest, RxFill) act for this pharmacy.'}
      </p>
      {SCOPE_CHOICES.map((choice) => (
        <div className="field field-checkbox" key={choice.scope}>
          <div className="checkbox-line">
            <input
              type="checkbox"
              id={`${id}-${choice.scope}`}
              checked={ticked.has(choice.scope)}
              onChange={(event) => {
                const next = SCOPE_CHOICES.map((candidate) => candidate.scope).filter((scope) =>
                  scope === choice.scope ? event.target.checked : ticked.has(scope),
                );
                form.set('scopes', next.join(' '));
                form.touch('scopes');
              }}
            />
            <label htmlFor={`${id}-${choice.scope}`}>
              {choice.label} <code className="admin-scope">{choice.scope}</code>
            </label>
          </div>
        </div>
      ))}
      {error === undefined ? null : (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

function KeyFields({ form }: { form: FormState<Field> }) {
  const name = useId();
  const choose = (source: KeySource) => {
    form.set('keySource', source);
    form.set(source === 'jwks' ? 'jwksUrl' : 'jwks', '');
  };
  return (
    <fieldset>
      <legend>Its public key</legend>
      <div className="admin-radio-row">
        <label>
          <input
            type="radio"
            name={name}
            checked={form.values.keySource === 'jwks'}
            onChange={() => {
              choose('jwks');
            }}
          />{' '}
          Paste it (JWK Set)
        </label>
        <label>
          <input
            type="radio"
            name={name}
            checked={form.values.keySource === 'jwksUrl'}
            onChange={() => {
              choose('jwksUrl');
            }}
          />{' '}
          The address it publishes its keys at (JWKS URL)
        </label>
      </div>
      {form.values.keySource === 'jwks' ? (
        <TextAreaField
          form={form}
          name="jwks"
          label="Public key (JWK Set)"
          rows={5}
          spellCheck={false}
          className="admin-jwks"
          hint='RSA (for RS384) or EC P-384 (for ES384), e.g. { "keys": [ { "kty": "EC", "crv": "P-384", "x": "…", "y": "…" } ] }.'
        />
      ) : (
        <TextField
          form={form}
          name="jwksUrl"
          label="JWKS URL"
          type="url"
          autoComplete="off"
          hint="isocourse fetches the keys from there, so the system can change them itself."
        />
      )}
    </fieldset>
  );
}

/** What the system's administrator needs to connect, right after registering it. */
function Handover({ registered, endpoints }: { registered: Registered; endpoints: Endpoints }) {
  const { client, organization } = registered;
  const region = useRef<HTMLDivElement>(null);
  // Once per registration, the focus moves to what to hand over (not again while the next one is typed).
  useEffect(() => region.current?.focus(), [client.id]);
  return (
    <div className="card admin-handover" role="region" aria-labelledby="handover-title" tabIndex={-1} ref={region}>
      <h2 id="handover-title">{client.name} is registered</h2>
      <p>Give its administrator these, for {organization}. It signs in with its private key; no password is sent.</p>
      <dl className="admin-handover-list">
        <dt>Client ID</dt>
        <dd>
          <CopyableValue value={client.clientId} what="the client ID" />
        </dd>
        <dt>Token URL</dt>
        <dd>
          <CopyableValue value={endpoints.tokenUrl} what="the token URL" />
        </dd>
        <dt>How it gets a token</dt>
        <dd>SMART Backend Services: client_credentials with a private_key_jwt client assertion signed RS384 or ES384; tokens last 5 minutes.</dd>
        <dt>Scopes it may ask for</dt>
        <dd>
          <code>{client.scopes.join(' ')}</code>
        </dd>
        <dt>FHIR base</dt>
        <dd>
          <CopyableValue value={endpoints.fhirBase} what="the FHIR base" />
        </dd>
        {client.kind === 'practice' ? (
          <>
            <dt>CDS Hooks discovery</dt>
            <dd>
              <CopyableValue value={endpoints.cdsDiscovery} what="the CDS Hooks discovery address" />
            </dd>
          </>
        ) : null}
        <dt>NCPDP SCRIPT</dt>
        <dd>
          <CopyableValue value={endpoints.script} what="the SCRIPT address" />
        </dd>
      </dl>
    </div>
  );
}
