// An isocourse server for API tests: a fresh database, the real app in-process (Fastify inject,
// no network), a clock the test sets to any calendar date, and a certified practice and pharmacy
// with their staff (each logged in the first time a test acts as them).
//
//   const api = await startTestApi();
//   after(() => api.close());
//   api.today('2025-03-10');
//   const patient = await api.enroll({ category: 'PCGP', enrolledOn: '2025-02-01' });
//   const res = await api.as('prescriber').post(`/patients/${patient.id}/counselings`, { ... });
import { PRODUCT_STRENGTHS_MG } from '../../src/domain/prescription.js';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/api/app.js';
import { DEFAULT_PROGRAM_CONFIG, type ProgramConfig } from '../../src/domain/ruleSets.js';
import { createOrganization } from '../../src/services/admin/createOrganization.js';
import { createUser } from '../../src/services/admin/createUser.js';
import { recordCertification } from '../../src/services/admin/recordCertification.js';
import { LogInAdmission, type LogInAdmissionSettings } from '../../src/services/auth/logInAdmission.js';
import { hashPassword } from '../../src/services/auth/passwords.js';
import type { Actor, Services } from '../../src/services/context.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import type { UntypedJson } from './json.js';

export const TEST_PASSWORD = 'correct horse battery staple';
/** The prescribers' NPIs: the test practice's is the NPI of the practitioner in ../shared/interop-examples (pra1234). */
export const TEST_NPIS = { prescriber: '1122334455', otherPrescriber: '1234567893' } as const;
/** Every pharmacy's price of a capsule, any strength, in the test practice: $4.50. */
export const TEST_UNIT_PRICE_CENTS = 450;

export type StaffRole = 'admin' | 'prescriber' | 'delegate' | 'pharmacist' | 'otherPrescriber' | 'otherPharmacist';

export interface ApiResponse<T = UntypedJson> {
  status: number;
  body: T;
  headers: LightMyRequestResponse['headers'];
}

export interface ApiClient {
  get<T = UntypedJson>(path: string): Promise<ApiResponse<T>>;
  post<T = UntypedJson>(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  delete<T = UntypedJson>(path: string): Promise<ApiResponse<T>>;
}

export interface EnrollOptions {
  category?: 'PCGP' | 'PCNGP';
  criterion?: string;
  enrolledOn?: string;
  birthDate?: string;
  givenName?: string;
  account?: { email: string; password: string };
  /** Sign the consents the category needs on the enrollment date (default true). */
  consents?: boolean;
}

export interface EnrolledPatient {
  id: string;
  programId: string;
  birthDate: string;
}

export interface TestApi {
  app: FastifyInstance;
  services: Services;
  database: TestDatabase;
  ids: { practiceId: string; otherPracticeId: string; pharmacyId: string; otherPharmacyId: string; users: Record<StaffRole, string> };
  /** Sets the clock to noon, New York time, of this calendar date. */
  today(date: string): void;
  /** Sets the clock to this instant (for what counts minutes: sessions, log-in throttling). */
  setClock(instant: Date): void;
  /** A client logged in as one of the staff accounts. */
  as(role: StaffRole): ApiClient;
  /** A client with an explicit bearer token (or none). */
  withToken(token: string | null): ApiClient;
  /** Logs in with email and password and returns a client. */
  logIn(email: string, password: string): Promise<ApiClient>;
  enroll(options?: EnrollOptions): Promise<EnrolledPatient>;
  close(): Promise<void>;
}

/** A client with a bearer token, none, or one obtained on first use (a staff log-in). */
function client(app: FastifyInstance, credential: string | null | (() => Promise<string>)): ApiClient {
  const send = async (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> => {
    const token = typeof credential === 'function' ? await credential() : credential;
    const response = await app.inject({
      method,
      url: path.startsWith('/api') ? path : `/api/v1${path}`,
      headers: token === null ? headers : { ...headers, authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const text = response.body;
    return { status: response.statusCode, body: text === '' ? null : JSON.parse(text), headers: response.headers };
  };
  return {
    get: (path) => send('GET', path),
    post: (path, body, headers) => send('POST', path, body ?? {}, headers),
    delete: (path) => send('DELETE', path),
  };
}

export async function startTestApi(
  options: {
    program?: Partial<ProgramConfig>;
    sessionHours?: number;
    sessionIdleMinutes?: number;
    /**
     * Serve the web app built in this folder. Default: no web app — not web/dist, which may or may
     * not be there and which `npm start` or a build rebuilds (emptying it first) while tests run.
     */
    webAppDir?: string;
    /** The log-in admission (default: generous, so a slow machine never refuses a test's log-in). */
    logInAdmission?: LogInAdmissionSettings;
  } = {},
): Promise<TestApi> {
  const database = await createTestDatabase();
  let now = new Date('2025-01-01T17:00:00Z');
  const services: Services = {
    db: database.db,
    program: { ...DEFAULT_PROGRAM_CONFIG, ...options.program },
    now: () => now,
    // The test clock jumps across months: sessions must outlive it unless a test says otherwise.
    sessionHours: options.sessionHours ?? 24 * 365 * 10,
    sessionIdleMinutes: options.sessionIdleMinutes ?? 60 * 24 * 365 * 10,
    logInAdmission: new LogInAdmission(options.logInAdmission ?? { concurrency: 2, queueLength: 1_000, maxWaitMs: 300_000 }),
  };
  const app = await buildApp(services, options.webAppDir === undefined ? { webApp: false } : { webAppDir: options.webAppDir });

  const adminRow = await database.db
    .insertInto('users')
    .values({
      email: 'admin@test.example',
      password_hash: await hashPassword(TEST_PASSWORD),
      display_name: 'Admin',
      role: 'admin',
      organization_id: null,
      supervising_prescriber_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const admin: Actor = { userId: adminRow.id, role: 'admin', organizationId: null, supervisingPrescriberId: null, ip: null };
  const longAgo = '2000-01-01';
  const practice = await createOrganization(services, admin, { kind: 'practice', name: 'Test Dermatology', jurisdiction: 'US' });
  const otherPractice = await createOrganization(services, admin, { kind: 'practice', name: 'Other Dermatology', jurisdiction: 'US' });
  const pharmacy = await createOrganization(services, admin, { kind: 'pharmacy', name: 'Test Pharmacy', jurisdiction: 'US' });
  const otherPharmacy = await createOrganization(services, admin, { kind: 'pharmacy', name: 'Other Pharmacy', jurisdiction: 'US' });
  for (const organization of [practice, otherPractice, pharmacy, otherPharmacy]) {
    await recordCertification(services, admin, { organizationId: organization.id }, { status: 'certified', effectiveOn: longAgo });
  }
  const staff = async (role: 'prescriber' | 'pharmacist' | 'delegate', email: string, organizationId: string, supervisingPrescriberId?: string, npi?: string) =>
    createUser(services, admin, {
      email,
      password: TEST_PASSWORD,
      displayName: email,
      role,
      organizationId,
      ...(supervisingPrescriberId === undefined ? {} : { supervisingPrescriberId }),
      ...(npi === undefined ? {} : { npi }),
    });
  // The prescriber's NPI is the one the public REMS examples' practitioner carries (TEST_NPIS).
  const prescriber = await staff('prescriber', 'prescriber@test.example', practice.id, undefined, TEST_NPIS.prescriber);
  const otherPrescriber = await staff('prescriber', 'other.prescriber@test.example', otherPractice.id, undefined, TEST_NPIS.otherPrescriber);
  const delegate = await staff('delegate', 'delegate@test.example', practice.id, prescriber.id);
  const pharmacist = await staff('pharmacist', 'pharmacist@test.example', pharmacy.id);
  const otherPharmacist = await staff('pharmacist', 'other.pharmacist@test.example', otherPharmacy.id);
  for (const user of [prescriber, otherPrescriber]) {
    await recordCertification(services, admin, { userId: user.id }, { status: 'certified', effectiveOn: longAgo });
  }
  // Both pharmacies sell every capsule strength at TEST_UNIT_PRICE_CENTS a capsule (orders need a price).
  const strengths = [...new Set(Object.values(PRODUCT_STRENGTHS_MG).flat())];
  await database.db
    .insertInto('pharmacy_prices')
    .values(
      [pharmacist, otherPharmacist].flatMap((user) =>
        strengths.map((strengthMg) => ({
          pharmacy_id: user.organizationId ?? '',
          strength_mg: strengthMg,
          unit_price_cents: TEST_UNIT_PRICE_CENTS,
          effective_on: longAgo,
          recorded_by: user.id,
        })),
      ),
    )
    .execute();

  // Each staff member logs in (through POST /sessions) the first time a test acts as them: a
  // log-in costs a password hash, and most files use only a few of the roles.
  const tokens = new Map<StaffRole, Promise<string>>();
  const logInToken = async (email: string, password: string): Promise<string> => {
    const response = await client(app, null).post('/sessions', { email, password });
    if (response.status !== 201) {
      throw new Error(`log-in of ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return response.body.token as string;
  };
  const emails: Record<StaffRole, string> = {
    admin: 'admin@test.example',
    prescriber: 'prescriber@test.example',
    otherPrescriber: 'other.prescriber@test.example',
    delegate: 'delegate@test.example',
    pharmacist: 'pharmacist@test.example',
    otherPharmacist: 'other.pharmacist@test.example',
  };
  const staffToken = (role: StaffRole): Promise<string> => {
    let token = tokens.get(role);
    if (token === undefined) {
      token = logInToken(emails[role], TEST_PASSWORD);
      tokens.set(role, token);
    }
    return token;
  };

  const api: TestApi = {
    app,
    services,
    database,
    ids: {
      practiceId: practice.id,
      otherPracticeId: otherPractice.id,
      pharmacyId: pharmacy.id,
      otherPharmacyId: otherPharmacy.id,
      users: {
        admin: admin.userId,
        prescriber: prescriber.id,
        otherPrescriber: otherPrescriber.id,
        delegate: delegate.id,
        pharmacist: pharmacist.id,
        otherPharmacist: otherPharmacist.id,
      },
    },
    today(date) {
      now = new Date(`${date}T17:00:00Z`);
    },
    setClock(instant) {
      now = instant;
    },
    as: (role) => client(app, () => staffToken(role)),
    withToken: (token) => client(app, token),
    logIn: async (email, password) => client(app, await logInToken(email, password)),
    async enroll(enrollOptions = {}) {
      const category = enrollOptions.category ?? 'PCGP';
      const enrolledOn = enrollOptions.enrolledOn ?? services.now().toISOString().slice(0, 10);
      const birthDate = enrollOptions.birthDate ?? '2000-06-15';
      const response = await api.as('prescriber').post('/patients', {
        givenName: enrollOptions.givenName ?? 'Test',
        familyName: 'Patient',
        birthDate,
        category,
        criterion: enrollOptions.criterion ?? (category === 'PCGP' ? 'reproductivePotential' : 'assignedMaleAtBirth'),
        enrolledOn,
        ...(enrollOptions.account === undefined ? {} : { account: enrollOptions.account }),
        // Test fixtures share one synthetic name and birth date on purpose (ignored when nothing matches).
        duplicateOverride: { reason: 'Synthetic test patients share a name and birth date' },
      });
      if (response.status !== 201) {
        throw new Error(`enrollment failed: ${response.status} ${JSON.stringify(response.body)}`);
      }
      if (enrollOptions.consents !== false) {
        const kinds = category === 'PCGP' ? ['general', 'birthDefects'] : ['general'];
        for (const kind of kinds) {
          await api.as('prescriber').post(`/patients/${response.body.id}/consents`, { kind, signedOn: enrolledOn });
        }
      }
      return { id: response.body.id, programId: response.body.programId, birthDate };
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
  return api;
}
