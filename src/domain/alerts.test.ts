import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { acknowledgeAlert, alert, patientAdvice, patientMessages, sortAlerts } from './alerts.js';

describe('clinical alerts', () => {
  test('[APP]: an urgent alert requires a note; a warning or information does not', () => {
    assert.equal(alert('A', 'R-X', 'urgent', 'm', 'a').requiresNote, true);
    assert.equal(alert('B', 'R-X', 'warning', 'm', 'a').requiresNote, false);
    assert.equal(alert('C', 'R-X', 'info', 'm', 'a').requiresNote, false);
  });

  test('optional fields appear only when given', () => {
    assert.deepEqual(alert('A', 'R-X', 'info', 'm', 'a'), {
      code: 'A',
      rule: 'R-X',
      severity: 'info',
      message: 'm',
      recommendedAction: 'a',
      requiresNote: false,
    });
    const full = alert('A', 'R-X', 'urgent', 'm', 'a', { patientMessage: 'p', acknowledgeBy: 'today' });
    assert.equal(full.patientMessage, 'p');
    assert.equal(full.acknowledgeBy, 'today');
  });

  test("patientAdvice: the patient's messages with their alert's code and severity (a page tells urgent advice by severity, not by its words)", () => {
    const alerts = [
      alert('U', 'r', 'urgent', 'm', 'a', { patientMessage: 'Stop and call.' }),
      alert('N', 'r', 'info', 'm', 'a'),
      alert('W', 'r', 'warning', 'm', 'a', { patientMessage: 'We will call you.' }),
    ];
    assert.deepEqual(patientAdvice(alerts), [
      { code: 'U', severity: 'urgent', text: 'Stop and call.' },
      { code: 'W', severity: 'warning', text: 'We will call you.' },
    ]);
    assert.deepEqual(
      patientAdvice(alerts).map((advice) => advice.text),
      patientMessages(alerts),
    );
    // A symptom alert's advice names the symptoms that raised it (the page words it by code and symptom).
    assert.deepEqual(patientAdvice([{ ...alert('E', 'r', 'info', 'm', 'a', { patientMessage: 'Use a lip balm.' }), symptoms: ['dryLips'] }]), [
      { code: 'E', severity: 'info', text: 'Use a lip balm.', symptoms: ['dryLips'] },
    ]);
  });

  test('sortAlerts: urgent, then warning, then info; equal severities keep their order', () => {
    const sorted = sortAlerts([
      alert('I1', 'r', 'info', 'm', 'a'),
      alert('W1', 'r', 'warning', 'm', 'a'),
      alert('U1', 'r', 'urgent', 'm', 'a'),
      alert('W2', 'r', 'warning', 'm', 'a'),
      alert('U2', 'r', 'urgent', 'm', 'a'),
    ]);
    assert.deepEqual(
      sorted.map((item) => item.code),
      ['U1', 'U2', 'W1', 'W2', 'I1'],
    );
  });

  test('acknowledgeAlert: an alert needing a note is refused with an empty or blank note, citing its rule', () => {
    const urgent = alert('SUSPECT_PANCREATITIS', '§4.4', 'urgent', 'm', 'a');
    const refused = acknowledgeAlert(urgent, '  ');
    assert.equal(refused.allowed, false);
    assert.deepEqual(
      refused.reasons.map((reason) => [reason.code, reason.rule]),
      [['ACKNOWLEDGEMENT_NOTE_REQUIRED', '§4.4']],
    );
    assert.match(refused.reasons[0]?.message ?? '', /SUSPECT_PANCREATITIS cannot be dismissed without a note/);
    assert.equal(refused.reasons[0]?.earliestChangeDate, null);
  });

  test('acknowledgeAlert: a single visible character is a note', () => {
    assert.equal(acknowledgeAlert(alert('A', 'r', 'urgent', 'm', 'a'), ' x ').note, 'x');
  });

  test('acknowledgeAlert: a warning can be acknowledged with no note, and a note given is still kept', () => {
    const warning = alert('W', 'r', 'warning', 'm', 'a');
    assert.deepEqual(acknowledgeAlert(warning, undefined), { allowed: true, reasons: [], warnings: [], note: null });
    assert.equal(acknowledgeAlert(warning, ' seen ').note, 'seen');
  });
});
