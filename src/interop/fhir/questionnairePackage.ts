// Questionnaire/{id}/$questionnaire-package (the US Medication REMS IG, after Da Vinci DTR): a
// Parameters whose `return` is a collection Bundle holding the questionnaire. The reference
// administrator also sends the CQL Libraries and ValueSets its forms prepopulate from; isocourse's
// forms have no CQL (answer options are inline), so the Bundle holds the Questionnaire alone, last
// as there. The request's `order` and `coverage` do not change the form.
import type { Parameters } from '@medplum/fhirtypes';
import { isQuestionnaireId, questionnaire } from './questionnaires.js';

export function questionnairePackage(id: string, now: Date): Parameters | null {
  if (!isQuestionnaireId(id)) {
    return null;
  }
  const form = questionnaire(id);
  return {
    resourceType: 'Parameters',
    parameter: [
      {
        name: 'return',
        resource: {
          resourceType: 'Bundle',
          type: 'collection',
          timestamp: now.toISOString(),
          entry: [{ fullUrl: form.url, resource: form }],
        },
      },
    ],
  };
}
