// What the pharmacy routes answer (src/api/routes/pharmacy.ts), as the pharmacist's pages read it.
import type { Reason } from '../../api';

export type Product = 'absorica' | 'absoricaLd' | 'claravis' | 'amnesteem' | 'myorisan' | 'zenatane' | 'isotretinoinGeneric';

/** The patient's identification a pharmacy holds: program identifier and date of birth (§1.1). */
export interface Identification {
  programId: string;
  birthDate: string;
}

export interface Prescription {
  id: string;
  writtenOn: string;
  product: Product;
  strengthMg: number;
  capsulesPerDay: number;
  daysSupply: number;
  quantity: number;
  refills: number;
}

export interface AuthorizationView {
  id: string;
  rmaNumber: string;
  prescriptionId: string;
  requestedOn: string;
  /** The binding date: the earlier of isocourse's and the REMS system's (D-4). */
  doNotDispenseAfter: string;
  ruleSet: string;
  remsRmaNumber: string | null;
}

/** GET /pharmacy/patients: only what a dispense needs. */
export interface PharmacyPatient {
  id: string;
  programId: string;
  name: string;
  state: string;
  window: { opensOn: string; lastDay: string; anchor: 'specimen' | 'visit' } | null;
  blockers: Reason[];
  /** The prescriptions not yet dispensed. */
  prescriptions: Prescription[];
  /** The active authorizations (not dispensed, not reversed, not past their date). */
  authorizations: AuthorizationView[];
  asOf: string;
}

export interface AuthorizationAnswer {
  id: string;
  created: boolean;
  authorization: AuthorizationView;
  warnings: Reason[];
}

export interface DispenseAnswer {
  id: string;
  authorizationId: string;
  dispensedOn: string;
  product: Product;
  strengthMg: number;
  quantity: number;
  daysSupply: number;
  warnings: Reason[];
}

/** GET /pharmacy/authorizations: one waiting fill. */
export interface WaitingFill {
  authorizationId: string;
  rmaNumber: string;
  remsConfirmed: boolean;
  requestedOn: string;
  doNotDispenseAfter: string;
  ruleSet: string;
  state: 'active' | 'overdue';
  patient: { name: string; programId: string };
  prescription: Omit<Prescription, 'refills'>;
}
