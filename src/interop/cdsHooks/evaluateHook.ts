// One hook call, from the EHR's request to the cards: which orders are isotretinoin, who the patient
// is (by identifier, never by name and birth date alone), and the program engine's verdict for her.
// The verdict comes from the same use case as the API's GET /patients/{id}/status (statusAnswer):
// there is no second decision path. What this file adds is only the reading of the EHR's request.
import type { Bundle, CodeableConcept, HumanName, Identifier, Medication, MedicationRequest, Patient, Resource } from '@medplum/fhirtypes';
import type { IsoDate } from '../../domain/dates.js';
import type { Reason } from '../../domain/decision.js';
import { prescriptionLimitReasons } from '../../domain/prescription.js';
import type { ProgramConfig } from '../../domain/ruleSets.js';
import { isIsotretinoin } from '../medicationCodes.js';
import { enrollCard, needsReviewCard, orderLimitCards, uncheckedCard, verdictCards, type Card, type CardContext, type PatientVerdict } from './cards.js';
import type { EhrFhirAccess } from './ehrFhir.js';
import type { PatientDemographics, PatientMatch } from '../../services/patientMatching/matchPatient.js';
import type { CdsServiceDefinition, HookRequest } from './services.js';

/** The request is a valid hook call in form but not in content (wrong hook, a prefetch of another patient): HTTP 400. */
export class HookRequestError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Who the EHR says the patient is, and what matching made of it (src/services/patientMatching/matchPatient.ts). */
export type { PatientDemographics, PatientMatch } from '../../services/patientMatching/matchPatient.js';

export interface HookDependencies {
  /** matchPatient for the calling client (program identifier or a linked identifier; name + birth date → needsReview). */
  identify(who: PatientDemographics): Promise<PatientMatch>;
  /** The engine's verdict for an isocourse patient, read as the calling client (getPatientStatus). */
  verdict(patientId: string): Promise<PatientVerdict>;
  /** The EHR's FHIR server within the hook's time budget, or null when the request named none. */
  ehr: EhrFhirAccess | null;
  program: ProgramConfig;
  today: IsoDate;
  cards: CardContext;
}

export interface HookAnswer {
  cards: Card[];
}

const ORDER_HOOKS = new Set(['order-sign', 'order-select']);
/** Statuses of a MedicationRequest that mean isotretinoin is (or is about to be) on the chart. */
const CURRENT_STATUSES = new Set(['active', 'draft', 'on-hold']);

function isResource<T extends Resource>(value: unknown, resourceType: T['resourceType']): value is T {
  return typeof value === 'object' && value !== null && (value as { resourceType?: unknown }).resourceType === resourceType;
}

function bundleResources(bundle: unknown): Resource[] {
  if (!isResource<Bundle>(bundle, 'Bundle') || !Array.isArray(bundle.entry)) {
    return [];
  }
  // What the EHR sent is JSON, not yet FHIR: an entry without an object resource with a resourceType is skipped.
  return bundle.entry.flatMap((entry: unknown) => {
    const resource = typeof entry === 'object' && entry !== null ? (entry as { resource?: unknown }).resource : undefined;
    return typeof resource === 'object' && resource !== null && typeof (resource as { resourceType?: unknown }).resourceType === 'string'
      ? [resource as Resource]
      : [];
  });
}

/** The medication of an order: its CodeableConcept, or the Medication it references (contained, or elsewhere in what the EHR sent). */
export function medicationConcept(order: MedicationRequest, known: readonly Resource[]): CodeableConcept | undefined {
  if (order.medicationCodeableConcept !== undefined) {
    return order.medicationCodeableConcept;
  }
  const reference: unknown = order.medicationReference?.reference;
  if (typeof reference !== 'string') {
    return undefined;
  }
  const contained: unknown = order.contained;
  const medication = reference.startsWith('#')
    ? (Array.isArray(contained) ? (contained as unknown[]) : []).find(
        (resource): resource is Medication => isResource<Medication>(resource, 'Medication') && resource.id === reference.slice(1),
      )
    : known.find((resource): resource is Medication => resource.resourceType === 'Medication' && `Medication/${resource.id}` === reference);
  return medication?.code;
}

function isIsotretinoinOrder(order: MedicationRequest, known: readonly Resource[]): boolean {
  return isIsotretinoin(medicationConcept(order, known));
}

/** The draft orders the hook is about: all of order-sign's; order-select's selected ones (all when it names none). */
function draftOrders(request: HookRequest): MedicationRequest[] {
  const draft = request.context.draftOrders;
  if (draft === undefined) {
    throw new HookRequestError('context.draftOrders', `The ${request.hook} hook needs context.draftOrders (a Bundle of the draft orders).`);
  }
  const orders = bundleResources(draft).filter((resource): resource is MedicationRequest => resource.resourceType === 'MedicationRequest');
  const selections = request.context.selections ?? [];
  if (request.hook !== 'order-select' || selections.length === 0) {
    return orders;
  }
  return orders.filter((order) => selections.includes(`MedicationRequest/${order.id ?? ''}`));
}

/** Days of supply of an order when it says (expectedSupplyDuration), else null. */
function daysSupply(order: MedicationRequest): number | null {
  const duration = order.dispenseRequest?.expectedSupplyDuration;
  if (typeof duration?.value !== 'number' || !Number.isFinite(duration.value)) {
    return null;
  }
  const unit = duration.code ?? duration.unit ?? 'd';
  const perUnit: Record<string, number> = { d: 1, day: 1, days: 1, wk: 7, week: 7, weeks: 7, mo: 30, month: 30, months: 30 };
  const factor = perUnit[unit];
  return factor === undefined ? null : duration.value * factor;
}

/**
 * The program's prescription limits that an order shows without knowing its product and strength
 * (the days' supply and the refills, R-RX-1 / R-RX-2), in the engine's words.
 */
export function orderLimitReasons(order: MedicationRequest, today: IsoDate, program: ProgramConfig): Reason[] {
  const days = daysSupply(order);
  const repeats: unknown = order.dispenseRequest?.numberOfRepeatsAllowed;
  const refills = typeof repeats === 'number' && Number.isFinite(repeats) ? repeats : 0;
  // The product and strength are not read from the EHR's coding here; a product and strength that
  // always exist stand in for them so that only the two limits above can apply.
  return prescriptionLimitReasons({ product: 'isotretinoinGeneric', strengthMg: 10, daysSupply: days ?? 0, refills }, today, program).filter((reason) =>
    ['DAYS_SUPPLY_OVER_30', 'REFILLS_NOT_ALLOWED'].includes(reason.code),
  );
}

/**
 * The patient as prefetched (null when absent or null, as CDS Hooks allows); refused when it is another
 * patient. Under our template's key `patient`, or — from an EHR that names its prefetch otherwise (the
 * CDS Hooks specification's own example says `patientToGreet`) — any prefetched Patient that is context.patientId.
 */
function prefetchedPatient(request: HookRequest): Patient | null {
  const value =
    request.prefetch?.['patient'] ??
    Object.values(request.prefetch ?? {}).find((candidate) => isResource<Patient>(candidate, 'Patient') && candidate.id === request.context.patientId);
  if (value === undefined || value === null) {
    return null;
  }
  if (!isResource<Patient>(value, 'Patient')) {
    throw new HookRequestError('prefetch.patient', 'prefetch.patient must be a Patient resource (or null).');
  }
  if (value.id !== undefined && value.id !== request.context.patientId) {
    throw new HookRequestError(
      'prefetch.patient',
      `prefetch.patient is Patient/${value.id}, but context.patientId is ${request.context.patientId}: the hook must be about one patient.`,
    );
  }
  return value;
}

const objectsIn = <T>(value: unknown): T[] => (Array.isArray(value) ? value.filter((item): item is T => typeof item === 'object' && item !== null) : []);
const stringsIn = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
const stringOr = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The official name, else the first (of those that are objects: the EHR's JSON is not yet FHIR). */
function mainName(patient: Patient): HumanName | undefined {
  const names = objectsIn<HumanName>(patient.name);
  return names.find((n) => n.use === 'official') ?? names[0];
}

/** Who the Patient says she is, keeping only what has the type FHIR gives it (anything else is left out, never guessed). */
export function demographicsOf(patient: Patient): PatientDemographics {
  const name = mainName(patient);
  const familyName = stringOr(name?.family);
  const birthDate = stringOr(patient.birthDate);
  return {
    identifiers: objectsIn<Identifier>(patient.identifier).flatMap((identifier) => {
      const value = stringOr(identifier.value);
      const system = stringOr(identifier.system);
      return value === undefined || value.trim() === '' ? [] : [{ ...(system === undefined ? {} : { system }), value }];
    }),
    givenNames: stringsIn(name?.given),
    ...(familyName === undefined ? {} : { familyName }),
    ...(birthDate === undefined ? {} : { birthDate }),
  };
}

function displayName(patient: Patient): string | null {
  const name = mainName(patient);
  if (name === undefined) {
    return null;
  }
  const words = [...stringsIn(name.given), stringOr(name.family) ?? ''].join(' ').trim();
  return words === '' ? (stringOr(name.text) ?? null) : words;
}

/** Whether the chart shows isotretinoin (prefetch first, else the EHR): true, false, or null when it could not be read. */
async function chartHasIsotretinoin(request: HookRequest, dependencies: HookDependencies): Promise<boolean | null> {
  const prefetched = request.prefetch?.['medicationRequests'];
  let resources: Resource[];
  if (isResource<Bundle>(prefetched, 'Bundle')) {
    resources = bundleResources(prefetched);
  } else if (dependencies.ehr !== null) {
    const read = await dependencies.ehr.read<Bundle>(
      `MedicationRequest?subject=${encodeURIComponent(`Patient/${request.context.patientId}`)}&_include=MedicationRequest:medication`,
      'Bundle',
    );
    if (read.kind === 'unavailable') {
      return null;
    }
    resources = bundleResources(read.resource);
  } else {
    return null;
  }
  return resources.some(
    (resource) => resource.resourceType === 'MedicationRequest' && CURRENT_STATUSES.has(resource.status) && isIsotretinoinOrder(resource, resources),
  );
}

/**
 * The Medications draft orders reference (`Medication/{id}`) that neither the orders, their contained
 * resources nor the prefetch brought: read from the EHR within the budget and added to `known`. Returns
 * why each one that could not be read was not (none when all were found).
 */
async function readReferencedMedications(orders: readonly MedicationRequest[], known: Resource[], dependencies: HookDependencies): Promise<string[]> {
  const missing = [
    ...new Set(
      orders.flatMap((order) => {
        const reference: unknown = order.medicationReference?.reference;
        return order.medicationCodeableConcept === undefined &&
          typeof reference === 'string' &&
          /^Medication\/[A-Za-z0-9\-.]{1,64}$/.test(reference) &&
          medicationConcept(order, known) === undefined
          ? [reference]
          : [];
      }),
    ),
  ];
  if (missing.length === 0) {
    return [];
  }
  if (dependencies.ehr === null) {
    return missing.map((reference) => `The order names ${reference}, which the request did not bring and there is no fhirServer to read it from.`);
  }
  const ehr = dependencies.ehr;
  const reads = await Promise.all(missing.map(async (reference) => ({ reference, read: await ehr.read<Medication>(reference, 'Medication') })));
  const why: string[] = [];
  for (const { reference, read } of reads) {
    // Known by the reference the order used, whatever id the EHR's copy carries.
    if (read.kind === 'read') {
      known.push({ ...read.resource, id: reference.slice('Medication/'.length) });
    } else {
      why.push(read.why);
    }
  }
  return why;
}

export async function evaluateHook(service: CdsServiceDefinition, request: HookRequest, dependencies: HookDependencies): Promise<HookAnswer> {
  if (request.hook !== service.hook) {
    throw new HookRequestError('hook', `This service (${service.id}) answers the ${service.hook} hook; the request is for ${request.hook}.`);
  }
  const context = dependencies.cards;
  const patientFromPrefetch = prefetchedPatient(request);
  const cards: Card[] = [];
  let chartShowsIsotretinoin: boolean | null = null;
  let chartRead: Promise<boolean | null> | null = null;
  if (ORDER_HOOKS.has(request.hook)) {
    const known = [
      ...bundleResources(request.context.draftOrders),
      ...bundleResources(request.prefetch?.['medicationRequests']),
      ...Object.values(request.prefetch ?? {}).filter((value): value is Medication => isResource<Medication>(value, 'Medication')),
    ];
    const drafts = draftOrders(request);
    const unread = await readReferencedMedications(drafts, known, dependencies);
    const orders = drafts.filter((order) => isIsotretinoinOrder(order, known));
    if (orders.length === 0) {
      // Not an isotretinoin order: the program has nothing to say — unless an order's medication could
      // not be read, and then it says that much (it may have been isotretinoin).
      return { cards: unread.map((why) => uncheckedCard("an order's medication could not be read", why, context)) };
    }
    chartShowsIsotretinoin = true;
    for (const order of orders) {
      const label = order.id === undefined ? 'The isotretinoin order' : `The isotretinoin order ${order.id}`;
      cards.push(...orderLimitCards(label, orderLimitReasons(order, dependencies.today, dependencies.program), context));
    }
  } else {
    // Started now, in parallel with the patient's read: both share the one time budget.
    chartRead = chartHasIsotretinoin(request, dependencies);
  }

  let patient = patientFromPrefetch;
  if (patient === null) {
    if (dependencies.ehr === null) {
      await chartRead;
      return {
        cards: [
          uncheckedCard(
            'the patient could not be identified',
            `The request brought no prefetched Patient and no fhirServer to read Patient/${request.context.patientId} from, so isocourse cannot tell who the patient is.`,
            context,
          ),
          ...cards,
        ],
      };
    }
    const read = await dependencies.ehr.read<Patient>(`Patient/${encodeURIComponent(request.context.patientId)}`, 'Patient');
    if (read.kind === 'unavailable') {
      await chartRead;
      return { cards: [uncheckedCard("the EHR's patient record could not be read", read.why, context), ...cards] };
    }
    if (read.resource.id !== undefined && read.resource.id !== request.context.patientId) {
      await chartRead;
      return {
        cards: [
          uncheckedCard(
            "the EHR's patient record did not match",
            `The EHR's FHIR server answered Patient/${read.resource.id} for Patient/${request.context.patientId}.`,
            context,
          ),
          ...cards,
        ],
      };
    }
    patient = read.resource;
  }

  const match = await dependencies.identify(demographicsOf(patient));
  if (chartRead !== null) {
    chartShowsIsotretinoin = await chartRead;
  }
  switch (match.kind) {
    case 'matched': {
      const verdict = await dependencies.verdict(match.patientId);
      return { cards: [...verdictCards(verdict, context), ...cards] };
    }
    case 'needsReview':
      return { cards: [needsReviewCard(context), ...cards] };
    case 'notFound':
      // A chart without isotretinoin (or whose medications could not be read) gets no enrollment
      // suggestion: most patients whose chart opens are not on isotretinoin, and a card on every
      // chart would be noise that hides the cards that matter.
      if (chartShowsIsotretinoin !== true) {
        return { cards };
      }
      return {
        cards: [
          enrollCard({ ehrPatientId: request.context.patientId, name: displayName(patient), birthDate: stringOr(patient.birthDate) ?? null }, context),
          ...cards,
        ],
      };
  }
}
