import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays, addYears, ageInYears, calendarDateAt, compareDates, daysBetween, earliestOf, isIsoDate, isTimeZone, latestOf } from './dates.js';

describe('dates: calendar arithmetic (D-1..D-3)', () => {
  test('D-2: a 7-day window whose Day 1 is the 10th ends on the 16th; the 17th is day 8', () => {
    assert.equal(addDays('2025-03-10', 6), '2025-03-16');
    assert.equal(daysBetween('2025-03-10', '2025-03-17'), 7);
  });

  test('D-1 addDays crosses month and year ends', () => {
    assert.equal(addDays('2025-01-31', 1), '2025-02-01');
    assert.equal(addDays('2025-04-30', 1), '2025-05-01');
    assert.equal(addDays('2025-12-31', 1), '2026-01-01');
    assert.equal(addDays('2026-01-01', -1), '2025-12-31');
    assert.equal(addDays('2025-03-01', -1), '2025-02-28');
  });

  test('D-1 leap years: Feb 29 exists in 2024 and 2000, not in 2025 or 2100', () => {
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    assert.equal(addDays('2025-02-28', 1), '2025-03-01');
    assert.equal(addDays('2000-02-28', 1), '2000-02-29');
    assert.equal(addDays('2100-02-28', 1), '2100-03-01');
    assert.equal(daysBetween('2024-02-01', '2024-03-01'), 29);
    assert.equal(daysBetween('2025-02-01', '2025-03-01'), 28);
    assert.equal(daysBetween('2024-01-01', '2025-01-01'), 366);
  });

  test('D-3 daysBetween is to − from, negative when to is earlier', () => {
    assert.equal(daysBetween('2025-01-01', '2025-01-20'), 19);
    assert.equal(daysBetween('2025-01-20', '2025-01-01'), -19);
    assert.equal(daysBetween('2025-01-01', '2025-01-01'), 0);
  });

  test('D-1 isIsoDate accepts real YYYY-MM-DD dates only', () => {
    assert.equal(isIsoDate('2025-02-28'), true);
    assert.equal(isIsoDate('2024-02-29'), true);
    assert.equal(isIsoDate('2025-02-29'), false);
    assert.equal(isIsoDate('2025-02-30'), false);
    assert.equal(isIsoDate('2025-04-31'), false);
    assert.equal(isIsoDate('2025-13-01'), false);
    assert.equal(isIsoDate('2025-00-10'), false);
    assert.equal(isIsoDate('2025-2-1'), false);
    assert.equal(isIsoDate('2025-02-01T00:00'), false);
    assert.equal(isIsoDate('+002025-02-01'), false);
    // Year 0000 is a YYYY-MM-DD date PostgreSQL refuses (it has no year 0); year 0001 it stores.
    assert.equal(isIsoDate('0000-01-01'), false);
    assert.equal(isIsoDate('0000-02-29'), false);
    assert.equal(isIsoDate('0001-01-01'), true);
    assert.equal(isIsoDate('9999-12-31'), true);
    assert.equal(isIsoDate(''), false);
  });

  test('R-ENR-2 addYears: a Feb 29 birthday falls on Feb 28 in a common year, Feb 29 in a leap year', () => {
    assert.equal(addYears('2012-02-29', 12), '2024-02-29');
    assert.equal(addYears('2012-02-29', 13), '2025-02-28');
  });

  test('R-ENR-2 ageInYears turns over on the birthday itself, not the day before', () => {
    assert.equal(ageInYears('2013-03-10', '2025-03-09'), 11);
    assert.equal(ageInYears('2013-03-10', '2025-03-10'), 12);
    assert.equal(ageInYears('2012-02-29', '2024-02-28'), 11);
    assert.equal(ageInYears('2012-02-29', '2024-02-29'), 12);
  });

  test('D-4 earliestOf / latestOf pick by calendar order', () => {
    assert.equal(earliestOf('2025-03-16', '2025-03-15', '2025-04-01'), '2025-03-15');
    assert.equal(latestOf('2025-03-16', '2025-03-15', '2025-04-01'), '2025-04-01');
    assert.throws(() => earliestOf());
  });

  test('property D-3: addDays and daysBetween are inverse', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }),
        fc.integer({ min: -800, max: 800 }),
        (date, days) => {
          const start = date.toISOString().slice(0, 10);
          const end = addDays(start, days);
          assert.equal(isIsoDate(end), true);
          assert.equal(daysBetween(start, end), days);
        },
      ),
    );
  });
});

test('property D-1: comparing dates as text orders them as the calendar does', () => {
  const isoDate = fc.date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
  fc.assert(
    fc.property(isoDate, isoDate, (a, b) => {
      assert.equal(Math.sign(compareDates(a, b)), Math.sign(daysBetween(b, a)));
    }),
  );
});

describe('dates: "today" in the program time zone (D-5, D-6)', () => {
  const NEW_YORK = 'America/New_York';

  test('D-5 23:59 in New York is still that day; 00:00 is the next (winter, UTC−5)', () => {
    assert.equal(calendarDateAt(new Date('2025-01-16T04:59:59Z'), NEW_YORK), '2025-01-15');
    assert.equal(calendarDateAt(new Date('2025-01-16T05:00:00Z'), NEW_YORK), '2025-01-16');
  });

  test('D-5 23:59 / 00:00 in summer time (UTC−4)', () => {
    assert.equal(calendarDateAt(new Date('2025-07-16T03:59:59Z'), NEW_YORK), '2025-07-15');
    assert.equal(calendarDateAt(new Date('2025-07-16T04:00:00Z'), NEW_YORK), '2025-07-16');
  });

  test('D-5 across the spring DST change (2025-03-09): the day after the change starts at 04:00Z, not 05:00Z', () => {
    // 01:59 EST on the day of the change.
    assert.equal(calendarDateAt(new Date('2025-03-09T06:59:00Z'), NEW_YORK), '2025-03-09');
    // 23:59 EDT on 2025-03-09 and midnight after it.
    assert.equal(calendarDateAt(new Date('2025-03-10T03:59:59Z'), NEW_YORK), '2025-03-09');
    assert.equal(calendarDateAt(new Date('2025-03-10T04:00:00Z'), NEW_YORK), '2025-03-10');
  });

  test('D-5 across the autumn DST change (2025-11-02): midnight after it is 05:00Z', () => {
    assert.equal(calendarDateAt(new Date('2025-11-02T03:59:59Z'), NEW_YORK), '2025-11-01');
    assert.equal(calendarDateAt(new Date('2025-11-02T04:00:00Z'), NEW_YORK), '2025-11-02');
    assert.equal(calendarDateAt(new Date('2025-11-03T04:59:59Z'), NEW_YORK), '2025-11-02');
    assert.equal(calendarDateAt(new Date('2025-11-03T05:00:00Z'), NEW_YORK), '2025-11-03');
  });

  test('D-5 the same instant is a different date in UTC and in New York', () => {
    const lateEvening = new Date('2025-03-17T02:30:00Z');
    assert.equal(calendarDateAt(lateEvening, 'UTC'), '2025-03-17');
    assert.equal(calendarDateAt(lateEvening, NEW_YORK), '2025-03-16');
  });

  test('remembered answers are the answers: addDays and daysBetween agree with each other for more dates than are remembered at once, asked twice, and an invalid date still throws', () => {
    const start = '2024-01-01';
    for (let round = 0; round < 2; round += 1) {
      for (let offset = -1500; offset <= 1500; offset += 1) {
        for (const span of [-45, -1, 0, 1, 19, 30, 365]) {
          const from = addDays(start, offset);
          assert.equal(daysBetween(from, addDays(from, span)), span);
        }
      }
    }
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    assert.throws(() => addDays('2024-02-30', 1));
    assert.throws(() => addDays('2024-02-30', 1), 'still throws when asked again');
  });

  test('D-5 isTimeZone knows IANA names only', () => {
    assert.equal(isTimeZone(NEW_YORK), true);
    assert.equal(isTimeZone('UTC'), true);
    assert.equal(isTimeZone('Mars/Olympus_Mons'), false);
  });
});
