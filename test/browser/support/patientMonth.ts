// A patient who can get pregnant, on treatment, whose month today lacks only her own part (the
// questions and the confirmation of her methods): patientMonth.test.ts and patientSpanish.test.ts.
// Her history is written through the real use cases, dated relative to today like the demo's:
// enrolled 58 days ago, screened and contraception declared 50 days ago (in use for 90), first
// month qualified and filled 29 days ago (30 days' supply: the last capsule is today), and today
// the monthly test, the counseling and the prescription.
import { DEMO_LOGINS } from '../../../src/demo/demoPractice.js';
import { addDays, type IsoDate } from '../../../src/domain/dates.js';
import { programToday, type Actor, type Services } from '../../../src/services/context.js';
import { enrollPatient } from '../../../src/services/patients/enrollPatient.js';
import { recordComprehension } from '../../../src/services/patients/recordComprehension.js';
import { recordConsent } from '../../../src/services/patients/recordConsent.js';
import { recordContraception } from '../../../src/services/patients/recordContraception.js';
import { recordCounseling } from '../../../src/services/patients/recordCounseling.js';
import { recordPregnancyTest } from '../../../src/services/patients/recordPregnancyTest.js';
import { writePrescription } from '../../../src/services/patients/writePrescription.js';
import { recordDispense } from '../../../src/services/pharmacy/authorizationActions.js';
import { requestAuthorization } from '../../../src/services/pharmacy/requestAuthorization.js';

export interface MonthlyPatient {
  givenName: string;
  familyName: string;
  birthDate: string;
  email: string;
  password: string;
}

export const MONTHLY_PATIENT: MonthlyPatient = {
  givenName: 'Robin',
  familyName: 'Monthly',
  birthDate: '2002-03-03',
  email: 'robin.monthly@demo.isocourse.test',
  password: 'robin monthly password',
};

/** The use cases run "on" a past date: the same services with the clock set to that day. */
function on(services: Services, date: IsoDate): Services {
  return { ...services, now: () => new Date(`${date}T16:00:00Z`) };
}

async function staff(services: Services, role: 'prescriber' | 'pharmacist'): Promise<Actor> {
  const email = DEMO_LOGINS.find((login) => login.role === role)?.email ?? '';
  const user = await services.db.selectFrom('users').select(['id', 'organization_id']).where('email', '=', email).executeTakeFirstOrThrow();
  return { userId: user.id, role, organizationId: user.organization_id, supervisingPrescriberId: null, ip: null };
}

/** A PCGP patient with her log-in, filled 29 days ago, whose month today lacks only her part. */
export async function patientDueHerPart(services: Services, person: MonthlyPatient = MONTHLY_PATIENT): Promise<{ programId: string }> {
  const today = programToday(services);
  const day = (offset: number) => addDays(today, offset);
  const prescriber = await staff(services, 'prescriber');
  const pharmacist = await staff(services, 'pharmacist');
  const patient = await enrollPatient(on(services, day(-58)), prescriber, {
    ...person,
    category: 'PCGP',
    criterion: 'reproductivePotential',
    enrolledOn: day(-58),
    account: { email: person.email, password: person.password },
  });
  for (const kind of ['general', 'birthDefects'] as const) {
    await recordConsent(on(services, day(-58)), prescriber, patient.id, { kind, signedOn: day(-58) });
  }
  const test = (kind: 'screening' | 'confirmation' | 'monthly', date: IsoDate) =>
    recordPregnancyTest(on(services, date), prescriber, patient.id, {
      kind,
      specimenDate: date,
      resultDate: date,
      result: 'negative',
      setting: 'lab',
      clia: true,
      sensitivityMiuPerMl: 25,
    });
  await test('screening', day(-50));
  await recordContraception(on(services, day(-50)), prescriber, patient.id, {
    declaredOn: day(-50),
    methods: ['iudCopper', 'maleCondom'],
    abstinence: false,
    startedOn: day(-90),
  });
  await test('confirmation', day(-29));
  await recordCounseling(on(services, day(-29)), prescriber, patient.id, { counseledOn: day(-29), modality: 'inPerson' });
  await recordComprehension(on(services, day(-29)), prescriber, patient.id, { answeredOn: day(-29), passed: true });
  const prescription = { product: 'claravis', strengthMg: 30, capsulesPerDay: 1, daysSupply: 30, quantity: 30, refills: 0 } as const;
  const first = await writePrescription(on(services, day(-29)), prescriber, patient.id, { writtenOn: day(-29), ...prescription });
  const lookup = { programId: patient.programId, birthDate: person.birthDate };
  const authorization = await requestAuthorization(on(services, day(-29)), pharmacist, { ...lookup, prescriptionId: first.id });
  await recordDispense(
    on(services, day(-29)),
    pharmacist,
    { ...lookup, authorizationId: authorization.id },
    {
      dispensedOn: day(-29),
      product: 'claravis',
      strengthMg: 30,
      quantity: 30,
      daysSupply: 30,
      medicationGuideGiven: true,
    },
  );
  await test('monthly', today);
  await recordCounseling(services, prescriber, patient.id, { counseledOn: today, modality: 'inPerson' });
  await writePrescription(services, prescriber, patient.id, { writtenOn: today, ...prescription });
  return { programId: patient.programId };
}
