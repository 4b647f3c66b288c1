// An administrator creates an account with its role (patients get theirs at enrollment).
import { requireRole } from '../access.js';
import { writeAudit } from '../audit.js';
import { hashPassword } from '../auth/passwords.js';
import { programToday, type Actor, type Role, type Services } from '../context.js';
import { ConflictError, InvalidInputError, type FieldError } from '../errors.js';
import { certificationsOf } from './organizationSettings.js';

export interface NewUser {
  email: string;
  password: string;
  displayName: string;
  role: Exclude<Role, 'patient'>;
  organizationId?: string;
  supervisingPrescriberId?: string;
  /** A prescriber's NPI (10 digits), how an EHR's messages name them (issue 11). */
  npi?: string;
}

export async function createUser(services: Services, actor: Actor, input: NewUser) {
  requireRole(actor, 'admin');
  const problems: FieldError[] = [];
  const needsOrganization = input.role === 'prescriber' || input.role === 'delegate' || input.role === 'pharmacist';
  const organization =
    input.organizationId === undefined
      ? undefined
      : await services.db.selectFrom('organizations').select(['id', 'kind']).where('id', '=', input.organizationId).executeTakeFirst();
  if (needsOrganization && organization === undefined) {
    problems.push({ field: 'organizationId', code: 'REQUIRED', message: `A ${input.role} belongs to an existing organization.` });
  }
  const expectedKind = input.role === 'pharmacist' ? 'pharmacy' : 'practice';
  if (organization !== undefined && needsOrganization && organization.kind !== expectedKind) {
    problems.push({ field: 'organizationId', code: 'WRONG_KIND', message: `A ${input.role} belongs to a ${expectedKind}.` });
  }
  if (input.role === 'delegate') {
    const prescriber =
      input.supervisingPrescriberId === undefined
        ? undefined
        : await services.db
            .selectFrom('users')
            .select('id')
            .where('id', '=', input.supervisingPrescriberId)
            .where('role', '=', 'prescriber')
            .executeTakeFirst();
    if (prescriber === undefined) {
      problems.push({ field: 'supervisingPrescriberId', code: 'REQUIRED', message: 'A delegate works for an existing prescriber.' });
    }
  }
  if (input.npi !== undefined && input.role !== 'prescriber') {
    problems.push({ field: 'npi', code: 'NOT_A_PRESCRIBER', message: 'Only a prescriber has an NPI recorded here.' });
  }
  if (problems.length > 0) {
    throw new InvalidInputError(problems);
  }
  const passwordHash = await hashPassword(input.password);
  return services.db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('users')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', input.email.toLowerCase()))
      .executeTakeFirst();
    if (taken !== undefined) {
      throw new ConflictError('An account with this email already exists.');
    }
    if (input.npi !== undefined && (await trx.selectFrom('users').select('id').where('npi', '=', input.npi).executeTakeFirst()) !== undefined) {
      throw new ConflictError('Another account already has this NPI.');
    }
    const user = await trx
      .insertInto('users')
      .values({
        email: input.email,
        password_hash: passwordHash,
        display_name: input.displayName,
        role: input.role,
        organization_id: input.organizationId ?? null,
        supervising_prescriber_id: input.role === 'delegate' ? (input.supervisingPrescriberId ?? null) : null,
        npi: input.npi ?? null,
      })
      .returning(['id', 'email', 'display_name', 'role', 'organization_id'])
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, { action: 'user.create', entity: 'user', entityId: user.id, outcome: 'ok' });
    return { id: user.id, email: user.email, displayName: user.display_name, role: user.role, organizationId: user.organization_id };
  });
}

export async function listUsers(services: Services, actor: Actor) {
  requireRole(actor, 'admin');
  const [rows, certifications] = await Promise.all([
    services.db
      .selectFrom('users')
      .select(['id', 'email', 'display_name', 'role', 'organization_id', 'supervising_prescriber_id', 'npi'])
      .orderBy('email')
      .execute(),
    certificationsOf(services.db, 'user_id', programToday(services)),
  ]);
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    organizationId: row.organization_id,
    supervisingPrescriberId: row.supervising_prescriber_id,
    // A prescriber's program certification in force today, and the next one recorded for later.
    ...(row.role === 'prescriber'
      ? { npi: row.npi, certification: certifications.get(row.id)?.current ?? null, nextCertification: certifications.get(row.id)?.next ?? null }
      : {}),
  }));
}
