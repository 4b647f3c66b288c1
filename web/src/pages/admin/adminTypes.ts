// What the administration routes answer (GET /users, GET /organizations, GET /audit-events,
// GET /audit/verification), and small helpers the admin pages share.
import type { Me } from '../../session';

export type StaffRole = 'admin' | 'prescriber' | 'delegate' | 'pharmacist';
export type CertificationStatus = 'certified' | 'suspended' | 'revoked';

export interface Certification {
  status: CertificationStatus;
  effectiveOn: string;
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  /** 'client': the account a connected system acts through (listed on the Connected systems page). */
  role: StaffRole | 'patient' | 'client';
  organizationId: string | null;
  supervisingPrescriberId: string | null;
  /** Prescribers only: the National Provider Identifier an EHR's messages name them by. */
  npi?: string | null;
  /** Prescribers only: in force today, and the next one recorded for a later date. */
  certification?: Certification | null;
  nextCertification?: Certification | null;
}

export interface Organization {
  id: string;
  kind: 'practice' | 'pharmacy';
  name: string;
  timeZone: string;
  cumulativeTargetMgPerKg: number | null;
  certification: Certification | null;
  nextCertification: Certification | null;
}

export interface AuditEvent {
  id: number;
  occurredAt: string;
  actor: { id: string; email: string | null; role: string | null } | null;
  ip: string | null;
  action: string;
  patientId: string | null;
  entity: string | null;
  entityId: string | null;
  outcome: 'ok' | 'refused' | 'denied';
  detail: Record<string, unknown> | null;
  chainSeq: number | null;
}

export interface ChainReport {
  ok: boolean;
  checkedRows: number;
  unsealedRows: number;
  sealedNow: number;
  head: { chainSeq: number; rowHash: string } | null;
  firstProblem: { chainSeq: number; auditEventId: string | null; kind: string; message: string } | null;
}

export const ROLE_LABELS: Record<User['role'], string> = {
  admin: 'Administrator',
  prescriber: 'Prescriber',
  delegate: 'Delegate',
  pharmacist: 'Pharmacist',
  patient: 'Patient',
  client: 'Connected system',
};

/** A National Provider Identifier: 10 digits. */
export const NPI_PATTERN = /^[0-9]{10}$/;

export const CERTIFICATION_LABELS: Record<CertificationStatus, string> = {
  certified: 'Certified',
  suspended: 'Suspended',
  revoked: 'Revoked',
};

/** The time zone moments are shown in: the clinic's, as GET /me gives it. */
export function clinicTimeZone(me: Me): string {
  return me.timeZone ?? 'America/New_York';
}

/** An IANA zone this browser knows (a bare offset such as +05:00 is not a zone). */
export function isKnownTimeZone(zone: string): boolean {
  if (zone.trim() === '' || /^[+-]/.test(zone.trim())) {
    return false;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
