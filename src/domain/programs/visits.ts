// Visits (programs.md §1 item 11, UK-VIS-1): the first appointment in person where
// FIRST_APPOINTMENT_IN_PERSON; follow-ups may be remote, with the patient's agreement, from
// UK_REMOTE_ALLOWANCES_FROM (before it, in person). Programs without these parameters say nothing
// about the mode of a visit.
import { isBefore, type IsoDate } from '../dates.js';
import { decide, reason, type Decision } from '../decision.js';
import type { ParameterValues, ProgramRuleSetId } from './parameters.js';
import { factsAsOf, type ProgramPatientFacts, type Visit } from './programFacts.js';
import { booleanParameter, dateOrNullParameter, ruleFamilyOf } from './ruleSetFor.js';

export function judgeVisit(ruleSet: ProgramRuleSetId, parameters: ParameterValues, facts: ProgramPatientFacts, visit: Visit): Decision {
  if (visit.mode === 'inPerson') {
    return decide([]);
  }
  const earlier = factsAsOf(facts, visit.on).visits.filter((other) => isBefore(other.on, visit.on));
  if (earlier.length === 0 && booleanParameter(parameters, 'FIRST_APPOINTMENT_IN_PERSON')) {
    return decide([
      reason(
        'FIRST_APPOINTMENT_MUST_BE_IN_PERSON',
        'UK-VIS-1',
        'The first appointment must be in person.',
        'See the patient in person for the first appointment; follow-ups may be remote later.',
      ),
    ]);
  }
  const from = dateOrNullParameter(parameters, 'UK_REMOTE_ALLOWANCES_FROM');
  if (ruleFamilyOf(ruleSet) !== 'UK' || from === null) {
    return decide([]);
  }
  if (isBefore(visit.on, from)) {
    return decide([
      reason('REMOTE_FOLLOW_UP_NOT_ALLOWED', 'UK-VIS-1', `Follow-ups may be remote from ${from}; this one is on ${visit.on}.`, 'See the patient in person.', {
        earliestChangeDate: from,
      }),
    ]);
  }
  if (!visit.patientAgreed) {
    return decide([
      reason(
        'REMOTE_FOLLOW_UP_NEEDS_AGREEMENT',
        'UK-VIS-1',
        'A remote follow-up needs the patient’s agreement.',
        'Record the patient’s agreement, or see them in person.',
      ),
    ]);
  }
  return decide([]);
}

/** Exported for callers that only hold a date: whether a remote follow-up is allowed on it. */
export function remoteFollowUpsFrom(parameters: ParameterValues): IsoDate | null {
  return dateOrNullParameter(parameters, 'UK_REMOTE_ALLOWANCES_FROM');
}
