// A synthetic demo practice: an admin, a certified prescriber with a delegate, a certified
// pharmacy with its pharmacist, and twenty patients spread over every program state. Each
// patient's history is played through the real use cases at the dates it happened, so the demo
// data obeys the same rules as real data. All names are invented.
import { addDays, type IsoDate } from '../domain/dates.js';
import { createOrganization } from '../services/admin/createOrganization.js';
import { createUser } from '../services/admin/createUser.js';
import { recordCertification } from '../services/admin/recordCertification.js';
import { setPharmacyIdentifiers } from '../services/admin/pharmacyIdentifiers.js';
import { hashPassword } from '../services/auth/passwords.js';
import { programToday, type Actor, type Services } from '../services/context.js';
import { endCourse } from '../services/patients/courseDecisions.js';
import { enrollPatient } from '../services/patients/enrollPatient.js';
import { recordComprehension } from '../services/patients/recordComprehension.js';
import { recordConsent } from '../services/patients/recordConsent.js';
import { recordContraception } from '../services/patients/recordContraception.js';
import { recordCounseling } from '../services/patients/recordCounseling.js';
import { recordPregnancyTest } from '../services/patients/recordPregnancyTest.js';
import { writePrescription } from '../services/patients/writePrescription.js';
import { recordDispense } from '../services/pharmacy/authorizationActions.js';
import { recordDosePlan } from '../services/clinical/recordDosePlan.js';
import { recordLabResult } from '../services/clinical/recordLabResult.js';
import { recordMedication } from '../services/clinical/recordMedication.js';
import { recordPhq9 } from '../services/clinical/recordPhq9.js';
import { recordSymptoms } from '../services/clinical/recordSymptoms.js';
import { recordWeight } from '../services/clinical/recordWeight.js';
import { requestAuthorization } from '../services/pharmacy/requestAuthorization.js';
import { moderateFeedback } from '../services/feedback/moderation.js';
import { submitFeedback } from '../services/feedback/patientFeedback.js';
import { authorizeOrder, dispenseOrder, markOrderDelivered, packOrder, shipOrder } from '../services/orders/fulfillment.js';
import { recordPayment } from '../services/orders/orderPayments.js';
import { placeOrder } from '../services/orders/patientOrders.js';
import { setPrice } from '../services/orders/prices.js';
import { answerAsPharmacy, sendPatientMessage } from '../services/support/supportThreads.js';

export const DEMO_PASSWORD = 'isocourse-demo-2026';

export const DEMO_LOGINS = [
  { role: 'admin', email: 'admin@demo.isocourse.test' },
  { role: 'prescriber', email: 'dr.rivera@demo.isocourse.test' },
  { role: 'delegate', email: 'sam.okafor@demo.isocourse.test' },
  { role: 'pharmacist', email: 'pharmacist@demo.isocourse.test' },
  { role: 'patient', email: 'maya.lindqvist@demo.isocourse.test' },
] as const;

/**
 * How e-prescribing names the demo's prescriber and pharmacy (issue 11): the identifiers of the
 * practitioner and the pharmacy in the public US Medication REMS reference implementation's test
 * data (../shared/interop-examples: practitioner pra1234, "Pharmacy 123"), so that its test EHR and
 * pharmacy system can be pointed at the demo unchanged. Synthetic: no real provider has them (the
 * NPIs have valid check digits, Luhn over the 80840 prefix).
 */
export const DEMO_PRESCRIBER_NPI = '1122334455';
export const DEMO_PHARMACY_IDENTIFIERS = { ncpdpId: 'Pharmacy 123', npi: '1564738296' } as const;

/** The use cases run "on" a past date: the same services with the clock set to that day. */
function on(services: Services, date: IsoDate): Services {
  return { ...services, now: () => new Date(`${date}T16:00:00Z`) };
}

interface DemoActors {
  prescriber: Actor;
  pharmacist: Actor;
}

/** One step of a patient's history, `day` days from today (negative = past). */
type Step =
  | { day: number; do: 'screening' | 'confirmation' | 'monthly' | 'endOfTreatment' | 'postTreatment'; result?: 'negative' | 'positive' }
  | { day: number; do: 'contraception'; startedDay: number }
  | { day: number; do: 'counseling' | 'comprehension' | 'prescription' | 'fill' | 'authorize' }
  | { day: number; do: 'endCourse' }
  /**
   * The patient orders the prescription online on `day` (authorized the same day unless it stays
   * waiting), and the pharmacy takes it `through` a step: dispensed, packed and shipped the next
   * day, delivered `deliveredAfter` days after shipping; paid when shipped unless `unpaid`.
   */
  | { day: number; do: 'order'; through: 'placed' | 'authorized' | 'shipped' | 'delivered'; deliveredAfter?: number; unpaid?: boolean };

interface DemoPatient {
  givenName: string;
  familyName: string;
  birthDate: IsoDate;
  category: 'PCGP' | 'PCNGP';
  enrolledDay: number;
  account?: string;
  steps: Step[];
}

/** A PCGP's first month: screening, contraception, confirmation 19+ days later, counseling, questions, prescription. */
function pcgpQualified(confirmationDay: number): Step[] {
  return [
    { day: confirmationDay - 25, do: 'screening' },
    { day: confirmationDay - 25, do: 'contraception', startedDay: confirmationDay - 45 },
    { day: confirmationDay, do: 'confirmation' },
    { day: confirmationDay, do: 'counseling' },
    { day: confirmationDay, do: 'comprehension' },
    { day: confirmationDay, do: 'prescription' },
  ];
}

/** A later month for a PCGP: monthly test, counseling, contraception, questions, prescription. */
function pcgpMonth(testDay: number): Step[] {
  return [
    { day: testDay, do: 'monthly' },
    { day: testDay, do: 'counseling' },
    { day: testDay, do: 'contraception', startedDay: -400 },
    { day: testDay, do: 'comprehension' },
    { day: testDay, do: 'prescription' },
  ];
}

function pcngpMonth(visitDay: number): Step[] {
  return [
    { day: visitDay, do: 'counseling' },
    { day: visitDay, do: 'prescription' },
  ];
}

const DEMO_PATIENTS: DemoPatient[] = [
  {
    givenName: 'Maya',
    familyName: 'Lindqvist',
    birthDate: '2004-05-14',
    category: 'PCGP',
    enrolledDay: -30,
    account: 'maya.lindqvist@demo.isocourse.test',
    steps: [...pcgpQualified(-1)],
  },
  { givenName: 'Ana', familyName: 'Bergström', birthDate: '2006-09-02', category: 'PCGP', enrolledDay: -1, steps: [] },
  { givenName: 'Priya', familyName: 'Raman', birthDate: '2001-01-23', category: 'PCGP', enrolledDay: -3, steps: [{ day: -3, do: 'screening' }] },
  {
    givenName: 'Lena',
    familyName: 'Moreau',
    birthDate: '1999-11-30',
    category: 'PCGP',
    enrolledDay: -12,
    steps: [
      { day: -12, do: 'screening' },
      { day: -12, do: 'contraception', startedDay: -60 },
      { day: -12, do: 'counseling' },
    ],
  },
  {
    givenName: 'Sofia',
    familyName: 'Castellano',
    birthDate: '2003-07-19',
    category: 'PCGP',
    enrolledDay: -28,
    account: 'sofia.castellano@demo.isocourse.test',
    steps: [...pcgpQualified(-2), { day: -2, do: 'order', through: 'authorized', unpaid: true }],
  },
  { givenName: 'Hana', familyName: 'Kobayashi', birthDate: '2005-03-08', category: 'PCGP', enrolledDay: -40, steps: [...pcgpQualified(-12)] },
  {
    givenName: 'Elif',
    familyName: 'Demir',
    birthDate: '2002-12-12',
    category: 'PCGP',
    enrolledDay: -40,
    account: 'elif.demir@demo.isocourse.test',
    steps: [...pcgpQualified(-9), { day: -9, do: 'order', through: 'shipped' }],
  },
  {
    givenName: 'Grace',
    familyName: 'Mensah',
    birthDate: '2000-04-04',
    category: 'PCGP',
    enrolledDay: -70,
    account: 'grace.mensah@demo.isocourse.test',
    steps: [...pcgpQualified(-40), { day: -40, do: 'order', through: 'delivered', deliveredAfter: 3 }],
  },
  {
    givenName: 'Noor',
    familyName: 'Haddad',
    birthDate: '1998-08-21',
    category: 'PCGP',
    enrolledDay: -80,
    account: 'noor.haddad@demo.isocourse.test',
    steps: [...pcgpQualified(-50), { day: -50, do: 'order', through: 'shipped' }, ...pcgpMonth(-17)],
  },
  {
    givenName: 'Chloe',
    familyName: 'Nakamura',
    birthDate: '2004-02-29',
    category: 'PCGP',
    enrolledDay: -100,
    steps: [...pcgpQualified(-70), { day: -70, do: 'fill' }, ...pcgpMonth(-40), { day: -38, do: 'fill' }, ...pcgpMonth(-8), { day: -7, do: 'fill' }],
  },
  {
    givenName: 'Ines',
    familyName: 'Ferreira',
    birthDate: '2002-06-06',
    category: 'PCGP',
    enrolledDay: -90,
    steps: [...pcgpQualified(-60), { day: -60, do: 'fill' }, { day: -4, do: 'monthly', result: 'positive' }],
  },
  {
    givenName: 'Zara',
    familyName: 'Whitfield',
    birthDate: '1997-10-10',
    category: 'PCGP',
    enrolledDay: -200,
    steps: [
      ...pcgpQualified(-170),
      { day: -170, do: 'fill' },
      ...pcgpMonth(-141),
      { day: -140, do: 'fill' },
      ...pcgpMonth(-112),
      { day: -111, do: 'fill' },
      ...pcgpMonth(-82),
      { day: -81, do: 'fill' },
      ...pcgpMonth(-52),
      { day: -51, do: 'fill' },
      ...pcgpMonth(-23),
      { day: -22, do: 'fill' },
      { day: -2, do: 'endCourse' },
    ],
  },
  {
    givenName: 'Ruth',
    familyName: 'Adebayo',
    birthDate: '1996-03-15',
    category: 'PCGP',
    enrolledDay: -260,
    steps: [
      ...pcgpQualified(-230),
      { day: -230, do: 'fill' },
      ...pcgpMonth(-201),
      { day: -200, do: 'fill' },
      ...pcgpMonth(-171),
      { day: -170, do: 'fill' },
      ...pcgpMonth(-141),
      { day: -140, do: 'fill' },
      ...pcgpMonth(-111),
      { day: -110, do: 'fill' },
      { day: -85, do: 'endCourse' },
      { day: -85, do: 'endOfTreatment' },
      { day: -55, do: 'postTreatment' },
    ],
  },
  { givenName: 'Omar', familyName: 'Siddiqui', birthDate: '2007-01-09', category: 'PCNGP', enrolledDay: -2, steps: [] },
  { givenName: 'Lucas', familyName: 'Oliveira', birthDate: '2005-05-25', category: 'PCNGP', enrolledDay: -3, steps: [...pcngpMonth(-3)] },
  {
    givenName: 'Ethan',
    familyName: 'Kowalski',
    birthDate: '2003-09-17',
    category: 'PCNGP',
    enrolledDay: -20,
    account: 'ethan.kowalski@demo.isocourse.test',
    steps: [...pcngpMonth(-20), { day: -1, do: 'order', through: 'placed', unpaid: true }],
  },
  {
    givenName: 'Mateo',
    familyName: 'Rossi',
    birthDate: '2001-12-01',
    category: 'PCNGP',
    enrolledDay: -50,
    account: 'mateo.rossi@demo.isocourse.test',
    steps: [...pcngpMonth(-50), { day: -49, do: 'fill' }, ...pcngpMonth(-15), { day: -15, do: 'order', through: 'delivered', deliveredAfter: 4 }],
  },
  {
    givenName: 'Jonas',
    familyName: 'Becker',
    birthDate: '2000-07-07',
    category: 'PCNGP',
    enrolledDay: -60,
    steps: [...pcngpMonth(-60), { day: -59, do: 'fill' }],
  },
  {
    givenName: 'Daniel',
    familyName: 'Oyelaran',
    birthDate: '1999-02-14',
    category: 'PCNGP',
    enrolledDay: -190,
    steps: [
      ...pcngpMonth(-190),
      { day: -189, do: 'fill' },
      ...pcngpMonth(-160),
      { day: -159, do: 'fill' },
      ...pcngpMonth(-130),
      { day: -129, do: 'fill' },
      ...pcngpMonth(-100),
      { day: -99, do: 'fill' },
      { day: -20, do: 'endCourse' },
    ],
  },
  {
    givenName: 'Theo',
    familyName: 'Laurent',
    birthDate: '1998-04-30',
    category: 'PCNGP',
    enrolledDay: -220,
    steps: [
      ...pcngpMonth(-220),
      { day: -219, do: 'fill' },
      ...pcngpMonth(-190),
      { day: -189, do: 'fill' },
      ...pcngpMonth(-160),
      { day: -159, do: 'fill' },
      { day: -90, do: 'endCourse' },
    ],
  },
];

export async function isDemoSeeded(services: Services): Promise<boolean> {
  const row = await services.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

async function createDemoStaff(services: Services): Promise<DemoActors & { admin: Actor }> {
  const today = programToday(services);
  const adminRow = await services.db
    .insertInto('users')
    .values({
      email: DEMO_LOGINS[0].email,
      password_hash: await hashPassword(DEMO_PASSWORD),
      display_name: 'Demo Administrator',
      role: 'admin',
      organization_id: null,
      supervising_prescriber_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const admin: Actor = { userId: adminRow.id, role: 'admin', organizationId: null, supervisingPrescriberId: null, ip: null };
  const practice = await createOrganization(services, admin, {
    kind: 'practice',
    name: 'Harbor Dermatology (demo)',
    timeZone: 'America/New_York',
    jurisdiction: 'US',
  });
  const pharmacy = await createOrganization(services, admin, {
    kind: 'pharmacy',
    name: 'Elm Street Pharmacy (demo)',
    timeZone: 'America/New_York',
    jurisdiction: 'US',
  });
  const certifiedSince = addDays(today, -400);
  await recordCertification(services, admin, { organizationId: pharmacy.id }, { status: 'certified', effectiveOn: certifiedSince });
  await setPharmacyIdentifiers(services, admin, pharmacy.id, DEMO_PHARMACY_IDENTIFIERS);
  await recordCertification(services, admin, { organizationId: practice.id }, { status: 'certified', effectiveOn: certifiedSince });
  const prescriber = await createUser(services, admin, {
    email: DEMO_LOGINS[1].email,
    password: DEMO_PASSWORD,
    displayName: 'Dr. Alex Rivera',
    role: 'prescriber',
    organizationId: practice.id,
    npi: DEMO_PRESCRIBER_NPI,
  });
  await recordCertification(services, admin, { userId: prescriber.id }, { status: 'certified', effectiveOn: certifiedSince });
  await createUser(services, admin, {
    email: DEMO_LOGINS[2].email,
    password: DEMO_PASSWORD,
    displayName: 'Sam Okafor (delegate)',
    role: 'delegate',
    organizationId: practice.id,
    supervisingPrescriberId: prescriber.id,
  });
  const pharmacist = await createUser(services, admin, {
    email: DEMO_LOGINS[3].email,
    password: DEMO_PASSWORD,
    displayName: 'Jordan Lee, PharmD',
    role: 'pharmacist',
    organizationId: pharmacy.id,
  });
  return {
    admin,
    prescriber: { userId: prescriber.id, role: 'prescriber', organizationId: practice.id, supervisingPrescriberId: null, ip: null },
    pharmacist: { userId: pharmacist.id, role: 'pharmacist', organizationId: pharmacy.id, supervisingPrescriberId: null, ip: null },
  };
}

/** A demo patient as played: their record, their own log-in (if any) and their latest online order. */
interface PlayedPatient {
  id: string;
  actor: Actor | null;
  orderId: string | null;
}

async function playPatient(services: Services, actors: DemoActors, plan: DemoPatient): Promise<PlayedPatient> {
  const today = programToday(services);
  const date = (day: number): IsoDate => addDays(today, day);
  const enrolledOn = date(plan.enrolledDay);
  const patient = await enrollPatient(on(services, enrolledOn), actors.prescriber, {
    givenName: plan.givenName,
    familyName: plan.familyName,
    birthDate: plan.birthDate,
    category: plan.category,
    criterion: plan.category === 'PCGP' ? 'reproductivePotential' : 'assignedMaleAtBirth',
    enrolledOn,
    ...(plan.account === undefined ? {} : { account: { email: plan.account, password: DEMO_PASSWORD } }),
    // Every demo patient uses the demo pharmacy, so her prescriptions name it and fill its queue (issue 10).
    ...(actors.pharmacist.organizationId === null ? {} : { pharmacyId: actors.pharmacist.organizationId }),
  });
  const { prescriber, pharmacist } = actors;
  const atEnrollment = on(services, enrolledOn);
  await recordConsent(atEnrollment, prescriber, patient.id, { kind: 'general', signedOn: enrolledOn });
  if (plan.category === 'PCGP') {
    await recordConsent(atEnrollment, prescriber, patient.id, { kind: 'birthDefects', signedOn: enrolledOn });
  }
  let prescriptionId: string | null = null;
  let orderId: string | null = null;
  const account =
    plan.account === undefined ? undefined : await services.db.selectFrom('users').select('id').where('email', '=', plan.account).executeTakeFirstOrThrow();
  const patientActor: Actor | null =
    account === undefined ? null : { userId: account.id, role: 'patient', organizationId: null, supervisingPrescriberId: null, ip: null };
  const lookup = { programId: patient.programId, birthDate: plan.birthDate };
  for (const step of plan.steps) {
    const day = date(step.day);
    const at = on(services, day);
    switch (step.do) {
      case 'screening':
      case 'confirmation':
      case 'monthly':
      case 'endOfTreatment':
      case 'postTreatment':
        await recordPregnancyTest(at, prescriber, patient.id, {
          kind: step.do,
          specimenDate: day,
          resultDate: day,
          result: step.result ?? 'negative',
          setting: 'lab',
          clia: true,
          sensitivityMiuPerMl: 25,
        });
        break;
      case 'contraception':
        await recordContraception(at, prescriber, patient.id, {
          declaredOn: day,
          methods: ['iudCopper', 'maleCondom'],
          abstinence: false,
          startedOn: date(step.startedDay),
        });
        break;
      case 'counseling':
        await recordCounseling(at, prescriber, patient.id, { counseledOn: day, modality: 'inPerson' });
        break;
      case 'comprehension':
        await recordComprehension(at, prescriber, patient.id, { answeredOn: day, passed: true });
        break;
      case 'prescription':
        prescriptionId = (
          await writePrescription(at, prescriber, patient.id, {
            writtenOn: day,
            product: 'claravis',
            strengthMg: 30,
            capsulesPerDay: 1,
            daysSupply: 30,
            quantity: 30,
            refills: 0,
          })
        ).id;
        break;
      case 'authorize':
      case 'fill': {
        if (prescriptionId === null) {
          throw new Error(`demo plan for ${plan.givenName} authorizes before any prescription`);
        }
        const authorizationId = (await requestAuthorization(at, pharmacist, { ...lookup, prescriptionId })).id;
        if (step.do === 'fill') {
          await recordDispense(
            at,
            pharmacist,
            { ...lookup, authorizationId },
            { dispensedOn: day, product: 'claravis', strengthMg: 30, quantity: 30, daysSupply: 30, medicationGuideGiven: true },
          );
        }
        break;
      }
      case 'endCourse':
        await endCourse(at, prescriber, patient.id, { lastDoseOn: day, reason: 'targetReached' });
        break;
      case 'order': {
        if (prescriptionId === null || patientActor === null) {
          throw new Error(`demo plan for ${plan.givenName} orders without a prescription or a log-in`);
        }
        const placed = await placeOrder(at, patientActor, patient.id, {
          prescriptionId,
          pharmacyId: pharmacist.organizationId ?? '',
          quantity: 30,
          strengthMg: 30,
          deliveryAddress: {
            recipient: `${plan.givenName} ${plan.familyName}`,
            line1: `${10 + plan.givenName.length * 7} Harbor Street`,
            line2: null,
            city: 'Boston',
            state: 'MA',
            postalCode: '02110',
          },
        });
        orderId = placed.id;
        if (step.through === 'placed') {
          break;
        }
        await authorizeOrder(at, pharmacist, orderId);
        if (step.through === 'authorized') {
          break;
        }
        const shippedOn = date(step.day + 1);
        const shipping = on(services, shippedOn);
        await dispenseOrder(shipping, pharmacist, orderId, { medicationGuideGiven: true });
        await packOrder(shipping, pharmacist, orderId);
        await shipOrder(shipping, pharmacist, orderId, {
          carrier: 'UPS',
          trackingNumber: `1Z4DEMO${patient.programId.replace(/[^A-Za-z0-9]/g, '').slice(-8)}`,
        });
        if (step.unpaid !== true) {
          await recordPayment(shipping, pharmacist, orderId, {
            amountCents: placed.order.payment.charged,
            receivedOn: shippedOn,
            reference: `INV-${shippedOn.replace(/-/g, '')}-${plan.givenName.toUpperCase()}`,
          });
        }
        if (step.through === 'delivered') {
          const deliveredOn = addDays(shippedOn, step.deliveredAfter ?? 3);
          await markOrderDelivered(on(services, deliveredOn), pharmacist, orderId, { deliveredOn });
        }
        break;
      }
    }
  }
  return { id: patient.id, actor: patientActor, orderId };
}

/** The pharmacy's prices per capsule (synthetic), by strength: every strength on the market. */
const DEMO_PRICES_CENTS: Readonly<Record<number, number>> = {
  8: 310,
  10: 320,
  16: 360,
  20: 380,
  24: 410,
  25: 410,
  28: 440,
  30: 450,
  32: 470,
  35: 490,
  40: 520,
};

/**
 * The online pharmacy after the orders: a delivery that never came with the patient's message
 * waiting past the 48-hour target, a question answered, one rating published and one held because
 * its comment speaks about the medicine.
 */
async function playOnlinePharmacy(services: Services, actors: DemoActors, played: Map<string, PlayedPatient>): Promise<void> {
  const today = programToday(services);
  const at = (day: number, hourUtc: number): Services => ({
    ...services,
    now: () => new Date(`${addDays(today, day)}T${String(hourUtc).padStart(2, '0')}:00:00Z`),
  });
  const customer = (givenName: string): { id: string; actor: Actor; orderId: string } => {
    const patient = played.get(givenName);
    if (patient === undefined || patient.actor === null || patient.orderId === null) {
      throw new Error(`demo patient ${givenName} has no log-in or no order`);
    }
    return { id: patient.id, actor: patient.actor, orderId: patient.orderId };
  };
  const noor = customer('Noor');
  await sendPatientMessage(at(-3, 14), noor.actor, noor.id, noor.orderId, {
    body: 'My order shipped weeks ago and the tracking has not moved since. Can you check with the carrier?',
  });
  const elif = customer('Elif');
  await sendPatientMessage(at(-1, 14), elif.actor, elif.id, elif.orderId, { body: 'Could the courier leave the package with the front desk of my building?' });
  await answerAsPharmacy(at(-1, 17), actors.pharmacist, elif.orderId, {
    body: 'Yes. We added a note for the carrier. The package needs a signature, so the front desk can sign for it.',
  });
  const grace = customer('Grace');
  const graceRating = await submitFeedback(at(-34, 15), grace.actor, grace.id, grace.orderId, {
    delivery: 5,
    packaging: 5,
    support: 4,
    comment: 'Arrived two days after it shipped, in a plain and sturdy box. Support answered my question the same day.',
  });
  await moderateFeedback(at(-33, 15), actors.pharmacist, graceRating.id, { decision: 'published' });
  const mateo = customer('Mateo');
  await submitFeedback(at(-9, 15), mateo.actor, mateo.id, mateo.orderId, {
    delivery: 4,
    packaging: 5,
    support: 5,
    comment: 'Quick delivery. My skin has finally cleared up!',
  });
}

/**
 * The clinical side of a few demo patients, recorded after their program history: weights and dose
 * plans, labs (one high triglyceride result), PHQ-9s (one rise that calls for review), a symptom
 * log, and a tetracycline that blocks the next prescription until the prescriber decides.
 */
async function playClinicalHistory(services: Services, actors: DemoActors, patientIds: Map<string, string>): Promise<void> {
  const today = programToday(services);
  const date = (day: number): IsoDate => addDays(today, day);
  const { prescriber } = actors;
  const idOf = (givenName: string): string => {
    const id = patientIds.get(givenName);
    if (id === undefined) {
      throw new Error(`no demo patient ${givenName}`);
    }
    return id;
  };
  const weights: Array<[string, number, 'kg' | 'lb']> = [
    ['Maya', 61, 'kg'],
    ['Chloe', 143, 'lb'],
    ['Noor', 68, 'kg'],
    ['Mateo', 82, 'kg'],
  ];
  for (const [name, value, unit] of weights) {
    await recordWeight(on(services, date(-100)), prescriber, idOf(name), { measuredOn: date(-100), value, unit });
  }
  await recordDosePlan(on(services, date(-70)), prescriber, idOf('Chloe'), { product: 'claravis', startOn: date(-70) });
  await recordDosePlan(on(services, date(-1)), prescriber, idOf('Maya'), { product: 'claravis', startOn: date(0) });

  const chloe = idOf('Chloe');
  await recordLabResult(on(services, date(-72)), prescriber, chloe, {
    analyte: 'triglycerides',
    value: 135,
    unit: 'mg/dL',
    collectedOn: date(-72),
    fasting: true,
  });
  await recordLabResult(on(services, date(-72)), prescriber, chloe, { analyte: 'alt', value: 24, unit: 'U/L', referenceHigh: 40, collectedOn: date(-72) });
  await recordLabResult(on(services, date(-9)), prescriber, chloe, {
    analyte: 'triglycerides',
    value: 540,
    unit: 'mg/dL',
    collectedOn: date(-9),
    fasting: true,
  });
  await recordPhq9(on(services, date(-70)), prescriber, chloe, { answeredOn: date(-70), answers: [0, 1, 0, 1, 0, 0, 0, 0, 0] });
  await recordPhq9(on(services, date(-8)), prescriber, chloe, { answeredOn: date(-8), answers: [1, 1, 1, 2, 1, 1, 1, 0, 0] });
  await recordSymptoms(on(services, date(-8)), prescriber, chloe, {
    reportedOn: date(-8),
    entries: [
      { symptom: 'dryLips', severity: 'moderate' },
      { symptom: 'nosebleeds', severity: 'mild' },
    ],
  });
  await recordMedication(on(services, date(-3)), prescriber, idOf('Mateo'), { name: 'Doxycycline 100 mg twice daily', startedOn: date(-3) });
}

/** Seeds the demo practice into an empty database. Returns false when the database already has users. */
export async function seedDemoPractice(services: Services): Promise<boolean> {
  if (await isDemoSeeded(services)) {
    return false;
  }
  const actors = await createDemoStaff(services);
  const pricesFrom = addDays(programToday(services), -400);
  for (const [strengthMg, unitPriceCents] of Object.entries(DEMO_PRICES_CENTS)) {
    await setPrice(on(services, pricesFrom), actors.pharmacist, { strengthMg: Number(strengthMg), unitPriceCents, effectiveOn: pricesFrom });
  }
  const played = new Map<string, PlayedPatient>();
  for (const plan of DEMO_PATIENTS) {
    played.set(plan.givenName, await playPatient(services, actors, plan));
  }
  await playClinicalHistory(services, actors, new Map([...played].map(([name, patient]) => [name, patient.id])));
  await playOnlinePharmacy(services, actors, played);
  return true;
}
