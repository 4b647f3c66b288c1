// A QuestionnaireResponse's answers by linkId, read as the types the use cases take. Pure. An answer
// of the wrong type is a problem named by its linkId, never coerced; a question left unanswered is
// `undefined` (each use case decides what it needs).
import type { Coding, QuestionnaireResponseItem, QuestionnaireResponseItemAnswer } from '@medplum/fhirtypes';
import { isIsoDate, type IsoDate } from '../../domain/dates.js';
import type { Problem } from './outcomes.js';
import { objectOr, objectsIn } from './untrusted.js';

export class Answers {
  private readonly byLinkId = new Map<string, QuestionnaireResponseItemAnswer[]>();
  /** The leaf linkIds under each group, however deep. */
  private readonly leavesUnder = new Map<string, string[]>();
  readonly problems: Problem[] = [];

  constructor(items: unknown) {
    const walk = (list: unknown, groups: string[]) => {
      for (const entry of objectsIn<QuestionnaireResponseItem>(list)) {
        if (typeof entry.linkId !== 'string') {
          continue;
        }
        const answers = objectsIn<QuestionnaireResponseItemAnswer>(entry.answer);
        if (answers.length > 0) {
          this.byLinkId.set(entry.linkId, [...(this.byLinkId.get(entry.linkId) ?? []), ...answers]);
          for (const group of groups) {
            this.leavesUnder.set(group, [...(this.leavesUnder.get(group) ?? []), entry.linkId]);
          }
          // Items nested under an answer (FHIR allows it) are answers too.
          for (const answer of answers) {
            walk(answer.item, [...groups, entry.linkId]);
          }
        }
        walk(entry.item, [...groups, entry.linkId]);
      }
    };
    walk(items, []);
  }

  private first(linkId: string): QuestionnaireResponseItemAnswer | undefined {
    return this.byLinkId.get(linkId)?.[0];
  }

  /** Notes an answer of the wrong type; the caller then reads it as no answer. */
  private wrongType(linkId: string, expected: string): void {
    this.problems.push({
      code: 'value',
      expression: `QuestionnaireResponse.item.where(linkId='${linkId}')`,
      text: `The answer to ${linkId} must be ${expected}.`,
    });
  }

  has(linkId: string): boolean {
    return this.byLinkId.has(linkId);
  }

  boolean(linkId: string): boolean | undefined {
    const answer = this.first(linkId);
    if (answer === undefined) {
      return undefined;
    }
    if (typeof answer.valueBoolean === 'boolean') {
      return answer.valueBoolean;
    }
    this.wrongType(linkId, 'a boolean (valueBoolean)');
    return undefined;
  }

  string(linkId: string): string | undefined {
    const answer = this.first(linkId);
    if (answer === undefined) {
      return undefined;
    }
    if (typeof answer.valueString === 'string') {
      return answer.valueString.trim();
    }
    this.wrongType(linkId, 'text (valueString)');
    return undefined;
  }

  date(linkId: string): IsoDate | undefined {
    const answer = this.first(linkId);
    if (answer === undefined) {
      return undefined;
    }
    const value =
      typeof answer.valueDate === 'string' ? answer.valueDate : typeof answer.valueDateTime === 'string' ? answer.valueDateTime.slice(0, 10) : undefined;
    if (typeof value === 'string' && isIsoDate(value)) {
      return value;
    }
    this.wrongType(linkId, 'a date (valueDate, YYYY-MM-DD)');
    return undefined;
  }

  decimal(linkId: string): number | undefined {
    const answer = this.first(linkId);
    if (answer === undefined) {
      return undefined;
    }
    const value = answer.valueDecimal ?? answer.valueInteger;
    if (typeof value === 'number' && Number.isFinite(value)) {
      return value;
    }
    this.wrongType(linkId, 'a number (valueDecimal)');
    return undefined;
  }

  /** The code of a choice (valueCoding.code), or its text when the form's options are strings. */
  choice(linkId: string): string | undefined {
    return this.choices(linkId)[0];
  }

  choices(linkId: string): string[] {
    const codes: string[] = [];
    for (const answer of this.byLinkId.get(linkId) ?? []) {
      const coding = objectOr<Coding>(answer.valueCoding);
      const code = coding?.code ?? answer.valueString;
      if (typeof code === 'string') {
        codes.push(code);
      } else {
        this.wrongType(linkId, 'a choice (valueCoding with a code, or valueString)');
      }
    }
    return codes;
  }

  /** The boolean answers under a group (e.g. every consent statement of group 6). */
  booleansUnder(group: string): boolean[] {
    return (this.leavesUnder.get(group) ?? []).flatMap((linkId) => {
      const value = this.first(linkId)?.valueBoolean;
      return typeof value === 'boolean' ? [value] : [];
    });
  }
}

/** True when there is at least one statement and every one is affirmed. */
export function allAffirmed(values: boolean[]): boolean {
  return values.length > 0 && values.every((value) => value);
}
