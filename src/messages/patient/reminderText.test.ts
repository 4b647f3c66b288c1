// The words of the reminders in each language (issue 14, item 5): English exactly as before the
// catalogues (domain/reminders.test.ts checks each), Spanish for every message the domain can
// plan, with its dates spelled out in Spanish and no placeholder or English left.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PATIENT_TASK_CODES, REMINDER_CODES, type ReminderMessage } from '../../domain/reminders.js';
import { reminderDate, reminderText } from './reminderText.js';

const EVERY_DATE = {
  testOn: '2025-03-12',
  lastDay: '2025-03-16',
  supplyEndsOn: '2025-04-08',
  due: '2025-05-08',
  lastDose: '2025-04-08',
  contraceptionUntil: '2025-05-08',
  bloodFrom: '2025-05-09',
  cosmeticFrom: '2025-10-08',
  placedOn: '2025-03-11',
  reversedOn: '2025-03-12',
  deadline: '2025-03-16',
  dueBy: '2025-03-22',
};

function messageOf(code: ReminderMessage['code'], values: Record<string, string> = {}): ReminderMessage {
  return { code, dates: EVERY_DATE, tasks: ['COMPREHENSION_PENDING', 'CONTRACEPTION_PENDING'], analytes: ['alt', 'triglycerides'], values };
}

describe('reminders in Spanish', () => {
  test('dates are spelled in Spanish; English keeps its ISO dates', () => {
    assert.equal(reminderDate('2025-03-16', 'es'), '16 de marzo de 2025');
    assert.equal(reminderDate('2025-03-16', 'en'), '2025-03-16');
  });

  test('the window reminder with her tasks, word for word', () => {
    const text = reminderText(messageOf('windowOpen', { left: 'yours' }), 'es');
    assert.deepEqual(text, {
      subject: 'Su receta se puede surtir hasta el 16 de marzo de 2025',
      body:
        'Su plazo para surtir la receta de este mes está abierto hasta el 16 de marzo de 2025. ' +
        'Antes de esa fecha, por favor responda las preguntas de este mes sobre el programa y confirme los dos métodos anticonceptivos que usa.',
    });
    assert.equal(
      reminderText(messageOf('labDue'), 'es').body,
      'Su médico necesita un análisis de sangre (prueba del hígado ALT, triglicéridos) a más tardar el 8 de mayo de 2025. ' +
        'Para las grasas en la sangre, esté en ayunas y no tome alcohol durante las 36 horas anteriores a la toma de la muestra.',
    );
  });

  test('every message the domain plans, in every variant, is Spanish: no placeholder, ISO date or English word left', () => {
    const variants: Array<[ReminderMessage['code'], Record<string, string>]> = REMINDER_CODES.flatMap(
      (code): Array<[ReminderMessage['code'], Record<string, string>]> => {
        if (code === 'windowOpen') {
          return ['yours', 'clinic', 'nothing'].map((left) => [code, { left }]);
        }
        if (code === 'orderStopped') {
          return ['ORDER_AUTHORIZATION_REVERSED', 'ORDER_AUTHORIZATION_LAPSED', 'none'].map((reason) => [code, { reason }]);
        }
        return [[code, {}]];
      },
    );
    for (const [code, values] of variants) {
      const { subject, body } = reminderText(messageOf(code, values), 'es');
      const text = `${subject} ${body}`;
      assert.doesNotMatch(text, /[{}]|\d{4}-\d{2}-\d{2}|\b(the|your|please|and|of)\b/i, `${code} ${JSON.stringify(values)}: ${text}`);
      assert.ok(subject.length > 10 && body.length > 20, code);
    }
    for (const task of PATIENT_TASK_CODES) {
      assert.doesNotMatch(reminderText({ ...messageOf('windowClosing'), tasks: [task] }, 'es').body, /task\./, task);
    }
  });
});
