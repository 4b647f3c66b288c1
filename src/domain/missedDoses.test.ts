import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countedMissedDoses, missedDoseReports, missedDoseStatus } from './missedDoses.js';

describe('missed days: the care team records, the patient reports', () => {
  test("the care team's record counts at once; a patient's report only once confirmed; a declined one never", () => {
    assert.equal(missedDoseStatus({ from: '2025-03-01', to: '2025-03-02' }), 'counted');
    assert.equal(missedDoseStatus({ from: '2025-03-01', to: '2025-03-02', reportedByPatient: true }), 'awaitingCareTeam');
    assert.equal(missedDoseStatus({ from: '2025-03-01', to: '2025-03-02', reportedByPatient: true, review: { decision: 'confirmed', note: null } }), 'counted');
    assert.equal(
      missedDoseStatus({ from: '2025-03-01', to: '2025-03-02', reportedByPatient: true, review: { decision: 'declined', note: 'Took them' } }),
      'declined',
    );
    const facts = [
      { id: 'a', from: '2025-03-01', to: '2025-03-01' },
      { id: 'b', from: '2025-03-05', to: '2025-03-06', reportedByPatient: true },
      { id: 'c', from: '2025-03-08', to: '2025-03-08', reportedByPatient: true, review: { decision: 'confirmed' as const, note: null } },
      { id: 'd', from: '2025-03-09', to: '2025-03-09', reportedByPatient: true, review: { decision: 'declined' as const, note: 'Took them' } },
    ];
    assert.deepEqual(countedMissedDoses(facts), [
      { from: '2025-03-01', to: '2025-03-01' },
      { from: '2025-03-08', to: '2025-03-08' },
    ]);
    assert.deepEqual(
      missedDoseReports(facts).map((report) => [report.id, report.status]),
      [
        ['b', 'awaitingCareTeam'],
        ['d', 'declined'],
        ['c', 'counted'],
      ],
    );
  });
});
