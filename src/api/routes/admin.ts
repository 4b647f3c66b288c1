import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { JURISDICTIONS } from '../../domain/programs/jurisdictions.js';
import { createOrganization } from '../../services/admin/createOrganization.js';
import { setOrganizationJurisdiction } from '../../services/admin/organizationJurisdiction.js';
import { readOrganizationProgram } from '../../services/programs/readOrganizationProgram.js';
import { recordProgramSetting } from '../../services/programs/recordProgramSetting.js';
import { createUser, listUsers } from '../../services/admin/createUser.js';
import { changeOrganizationSettings, CUMULATIVE_TARGET_RANGE, listOrganizations } from '../../services/admin/organizationSettings.js';
import { setPharmacyIdentifiers } from '../../services/admin/pharmacyIdentifiers.js';
import { NCPDP_ID_PATTERN } from '../../services/admin/pharmacyIdentifiers.js';
import { recordCertification } from '../../services/admin/recordCertification.js';
import { recordPrescriberNpi } from '../../services/admin/prescriberNpi.js';
import type { Services } from '../../services/context.js';
import { actorOf } from '../session.js';
import { IsoDate, literals, Nullable, openAnswer, problemResponses, strictObject, Text, Uuid } from '../schemas.js';

const JurisdictionSchema = Type.String({
  minLength: 1,
  maxLength: 16,
  description: `The program's jurisdiction: ${JURISDICTIONS.join(', ')} (src/domain/programs/jurisdictions.ts)`,
});
const Jurisdiction = strictObject({ jurisdiction: JurisdictionSchema });
const ProgramSetting = strictObject({
  key: Type.String({ minLength: 1, maxLength: 64, description: 'A program parameter (domain.md §2.14, programs.md §3), e.g. PCGP_WINDOW_DAYS' }),
  value: Type.Union([Type.Number(), Type.Boolean(), Type.String({ maxLength: 64 }), Type.Null()], {
    description: "The parameter's value: days, a count, true or false, a date, a time zone or one of its choices; null where it may have none",
  }),
  effectiveFrom: IsoDate,
  source: Type.String({ minLength: 1, maxLength: 500, description: 'The document the value comes from (title, version, date)' }),
});
const ProgramSettingView = Type.Object(
  { value: Type.Unknown(), source: Type.String(), effectiveFrom: IsoDate, recordedBy: Nullable(Type.String()), recordedAt: Type.String() },
  { additionalProperties: true },
);
const OrganizationProgram = openAnswer(
  "The organization's program: its jurisdiction, the rule set in force today and its key, each parameter's value, default and override",
  {
    id: Uuid,
    jurisdiction: Nullable(Type.String()),
    asOf: IsoDate,
    ruleSet: Nullable(Type.Object({ id: Type.String(), key: Type.String() })),
    parameters: Type.Array(
      Type.Object(
        {
          key: Type.String(),
          kind: Type.String(),
          description: Type.String(),
          value: Type.Unknown(),
          default: Type.Unknown(),
          override: Nullable(ProgramSettingView),
        },
        { additionalProperties: true },
      ),
    ),
    settableKeys: Type.Array(Type.String()),
    settings: Type.Array(Type.Object({ key: Type.String() }, { additionalProperties: true })),
  },
  ['jurisdiction', 'asOf', 'ruleSet', 'parameters', 'settableKeys', 'settings'],
);

const NewOrganization = strictObject({
  kind: Type.Union([Type.Literal('practice'), Type.Literal('pharmacy')]),
  name: Text(200),
  timeZone: Type.Optional(Type.String({ maxLength: 64 })),
  jurisdiction: Type.Optional(JurisdictionSchema),
});
const NewUser = strictObject({
  email: Type.String({ format: 'email', maxLength: 254 }),
  password: Type.String({ minLength: 12, maxLength: 200 }),
  displayName: Text(200),
  role: literals(['admin', 'prescriber', 'delegate', 'pharmacist'] as const),
  organizationId: Type.Optional(Uuid),
  supervisingPrescriberId: Type.Optional(Uuid),
  npi: Type.Optional(Type.String({ pattern: '^[0-9]{10}$', description: "A prescriber's National Provider Identifier (10 digits)" })),
});
const PrescriberNpi = strictObject({
  npi: Type.String({ pattern: '^[0-9]{10}$', description: "The prescriber's National Provider Identifier (10 digits), how an EHR's messages name them" }),
});
const OrganizationSettings = strictObject({
  timeZone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. America/Chicago' }),
  cumulativeTargetMgPerKg: Type.Optional(
    Type.Number({
      minimum: CUMULATIVE_TARGET_RANGE.min,
      maximum: CUMULATIVE_TARGET_RANGE.max,
      description: "A practice's default cumulative dose target (mg/kg) for dose plans that set none",
    }),
  ),
});
const PharmacyIdentifiers = strictObject({
  ncpdpId: Type.String({
    minLength: 1,
    maxLength: 35,
    pattern: NCPDP_ID_PATTERN,
    description: "The pharmacy's NCPDP Provider ID (NCPDPID), as SCRIPT messages name it",
  }),
  npi: Type.Optional(Type.String({ pattern: '^[0-9]{10}$', description: "The pharmacy's 10-digit NPI; left out, the pharmacy has none recorded" })),
});
const Certification = strictObject({
  status: Type.Union([Type.Literal('certified'), Type.Literal('suspended'), Type.Literal('revoked')]),
  effectiveOn: IsoDate,
});

export function adminRoutes(api: FastifyInstance, services: Services): void {
  const tags = ['administration'];
  api.get(
    '/users',
    {
      schema: {
        tags,
        summary: 'List accounts (admin)',
        response: {
          200: Type.Array(
            openAnswer('An account', { id: Uuid, email: Type.String(), displayName: Type.String(), role: Type.String(), organizationId: Nullable(Uuid) }),
          ),
          ...problemResponses(401, 403),
        },
      },
    },
    async (request) => listUsers(services, actorOf(request)),
  );
  api.post<{ Body: Static<typeof NewUser> }>(
    '/users',
    {
      schema: {
        tags,
        summary: 'Create a staff account (admin)',
        body: NewUser,
        response: {
          201: openAnswer('The account created', { id: Uuid, email: Type.String(), displayName: Type.String(), role: Type.String() }),
          ...problemResponses(400, 401, 403, 409),
        },
      },
    },
    async (request, reply) => reply.status(201).send(await createUser(services, actorOf(request), request.body)),
  );
  api.post<{ Params: { userId: string }; Body: Static<typeof Certification> }>(
    '/users/:userId/certifications',
    {
      schema: {
        tags,
        summary: "Record a prescriber's program certification (admin)",
        params: strictObject({ userId: Uuid }),
        body: Certification,
        response: {
          201: openAnswer('The certification recorded', { id: Type.String(), status: Type.String(), effectiveOn: IsoDate }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => reply.status(201).send(await recordCertification(services, actorOf(request), { userId: request.params.userId }, request.body)),
  );
  api.post<{ Params: { userId: string }; Body: Static<typeof PrescriberNpi> }>(
    '/users/:userId/npi',
    {
      schema: {
        tags,
        summary: "Record or change a prescriber's NPI (admin)",
        params: strictObject({ userId: Uuid }),
        body: PrescriberNpi,
        response: {
          200: openAnswer('The prescriber with the NPI recorded', { id: Uuid, displayName: Type.String(), npi: Type.String() }),
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => recordPrescriberNpi(services, actorOf(request), request.params.userId, request.body),
  );
  api.post<{ Body: Static<typeof NewOrganization> }>(
    '/organizations',
    {
      schema: {
        tags,
        summary: 'Register a practice or pharmacy (admin)',
        body: NewOrganization,
        response: {
          201: openAnswer('The organization registered', {
            id: Uuid,
            kind: Type.String(),
            name: Type.String(),
            timeZone: Type.String(),
            jurisdiction: Nullable(Type.String()),
          }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => reply.status(201).send(await createOrganization(services, actorOf(request), request.body)),
  );
  api.get(
    '/organizations',
    {
      schema: {
        tags,
        summary: 'List practices and pharmacies with their settings and certification (admin)',
        response: {
          200: Type.Array(
            openAnswer('An organization with its settings and certification', {
              id: Uuid,
              kind: Type.String(),
              name: Type.String(),
              timeZone: Type.String(),
              jurisdiction: Nullable(Type.String()),
            }),
          ),
          ...problemResponses(401, 403),
        },
      },
    },
    async (request) => listOrganizations(services, actorOf(request)),
  );
  api.post<{ Params: { organizationId: string }; Body: Static<typeof OrganizationSettings> }>(
    '/organizations/:organizationId/settings',
    {
      schema: {
        tags,
        summary: "Change an organization's time zone and, for a practice, its default cumulative dose target (admin)",
        params: strictObject({ organizationId: Uuid }),
        body: OrganizationSettings,
        response: {
          200: openAnswer('The organization with its settings and certification', {
            id: Uuid,
            kind: Type.String(),
            name: Type.String(),
            timeZone: Type.String(),
            jurisdiction: Nullable(Type.String()),
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => changeOrganizationSettings(services, actorOf(request), request.params.organizationId, request.body),
  );
  api.post<{ Params: { organizationId: string }; Body: Static<typeof Certification> }>(
    '/organizations/:organizationId/certifications',
    {
      schema: {
        tags,
        summary: "Record a pharmacy's or practice's program certification (admin)",
        params: strictObject({ organizationId: Uuid }),
        body: Certification,
        response: {
          201: openAnswer('The certification recorded', { id: Type.String(), status: Type.String(), effectiveOn: IsoDate }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await recordCertification(services, actorOf(request), { organizationId: request.params.organizationId }, request.body)),
  );
  api.post<{ Params: { organizationId: string }; Body: Static<typeof PharmacyIdentifiers> }>(
    '/organizations/:organizationId/pharmacy-identifiers',
    {
      schema: {
        tags,
        summary: "Record a pharmacy's NCPDP Provider ID and NPI, by which NCPDP SCRIPT messages name it (admin)",
        params: strictObject({ organizationId: Uuid }),
        body: PharmacyIdentifiers,
        response: {
          200: openAnswer('The identifiers recorded', { id: Uuid, ncpdpId: Type.String(), npi: Nullable(Type.String()) }),
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) =>
      setPharmacyIdentifiers(services, actorOf(request), request.params.organizationId, { ncpdpId: request.body.ncpdpId, npi: request.body.npi ?? null }),
  );
  api.get<{ Params: { organizationId: string } }>(
    '/organizations/:organizationId/program',
    {
      schema: {
        tags,
        summary:
          "The organization's program: jurisdiction, rule set in force today and its key, parameters with their values, defaults and overrides (admin; its own staff)",
        params: strictObject({ organizationId: Uuid }),
        response: { 200: OrganizationProgram, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => readOrganizationProgram(services, actorOf(request), request.params.organizationId),
  );
  api.post<{ Params: { organizationId: string }; Body: Static<typeof Jurisdiction> }>(
    '/organizations/:organizationId/jurisdiction',
    {
      schema: {
        tags,
        summary:
          "Set the organization's jurisdiction: the program that judges its events from now on; past decisions keep the rule set they were made under (admin)",
        params: strictObject({ organizationId: Uuid }),
        body: Jurisdiction,
        response: { 200: OrganizationProgram, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => setOrganizationJurisdiction(services, actorOf(request), request.params.organizationId, request.body),
  );
  api.post<{ Params: { organizationId: string }; Body: Static<typeof ProgramSetting> }>(
    '/organizations/:organizationId/program-settings',
    {
      schema: {
        tags,
        summary: "Record the organization's own value for a program parameter, with its source document and the day it takes effect (admin)",
        params: strictObject({ organizationId: Uuid }),
        body: ProgramSetting,
        response: { 201: OrganizationProgram, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await recordProgramSetting(services, actorOf(request), request.params.organizationId, request.body)),
  );
}
