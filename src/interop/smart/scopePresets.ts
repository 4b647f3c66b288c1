// The scopes each kind of connected system needs for the program, ticked for it when an
// administrator registers one (the Connected systems page, web/src/pages/admin/connectedSystems.ts,
// offers the same; test/web/connectedSystems.test.ts keeps the two equal) and given by
// `npm run interop:client -- register` when no --scopes are named. SCRIPT messages need the scope
// of what they amount to (src/interop/ncpdp/script.ts MESSAGE_SCOPES) and the system's kind (an EHR
// sends NewRx; a pharmacy system REMSInitiationRequest, REMSRequest and RxFill).
export const PRESET_SCOPES: Readonly<Record<'practice' | 'pharmacy', readonly string[]>> = {
  // Read its patients' records (FHIR reads and export, CDS Hooks, $rems-etasu), send lab results and weights, submit forms.
  // Send prescriptions (SCRIPT NewRx).
  practice: ['system/*.rs', 'system/Observation.c', 'system/QuestionnaireResponse.c', 'system/MedicationRequest.c'],
  // Ask whether a dispense may go ahead ($rems-etasu); ask for the authorization and record the fill (SCRIPT).
  pharmacy: ['system/GuidanceResponse.rs', 'system/MedicationDispense.cr'],
};
