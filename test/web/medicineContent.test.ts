// The public medication information states the program's numbers: each must be the number the
// server enforces (src/domain), and each page must carry its review date, the "not a replacement
// for your prescriber" note and a way to urgent help — so the pages cannot drift silently.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LIPID_ALCOHOL_FREE_HOURS } from '../../src/domain/clinicalParameters.js';
import { DEFAULT_DELIVERY_DAYS } from '../../src/domain/orders.js';
import { REMS_2021, REMS_2026 } from '../../src/domain/ruleSets.js';
import { KEY_MESSAGES } from '../../web/src/pages/patient/education.js';
import { FACTS, LAST_REVIEWED, MEDICINE_PAGES, NOT_ADVICE, pageText, URGENT_HELP, type InfoPage } from '../../web/src/pages/public/medicineContent.js';
import { PUBLIC_NAV, isPublicPath } from '../../web/src/pages/public/nav.js';

const page = (path: string): InfoPage => {
  const found = MEDICINE_PAGES.find((candidate) => candidate.path === path);
  assert.ok(found, path);
  return found;
};

test("the pages' numbers are the rules the server enforces, under both rule sets", () => {
  for (const rules of [REMS_2021, REMS_2026]) {
    assert.equal(FACTS.pickupWindowDays, rules.pcgpWindowDays);
    assert.equal(FACTS.maxDaysSupply, rules.maxDaysSupply);
    assert.equal(FACTS.maxRefills, rules.maxRefills);
    assert.equal(FACTS.screenToConfirmMinDays, rules.screenToConfirmMinDays);
    assert.equal(FACTS.contraceptionMinDaysBefore, rules.contraceptionMinDaysBefore);
    assert.equal(FACTS.postTreatmentDays, rules.postTreatmentDays);
    assert.equal(FACTS.minAgeYears, rules.minAgeYears);
    assert.equal(FACTS.retreatMinWeeks * 7, rules.retreatMinDays);
  }
  assert.equal(FACTS.lipidAlcoholFreeHours, LIPID_ALCOHOL_FREE_HOURS);
  assert.equal(FACTS.deliveryDays, DEFAULT_DELIVERY_DAYS);
});

test('each number is said where a reader looks for it', () => {
  const faq = pageText(page('/medicine/faq'));
  assert.match(faq, new RegExp(`within ${DEFAULT_DELIVERY_DAYS} days`), 'the delivery promise');
  assert.match(faq, /pharmacy’s own promise/, 'the delivery promise is the pharmacy’s, not the program’s');
  assert.match(faq, /do not dispense after/, 'orders ship by the authorization’s date');
  assert.match(faq, new RegExp(`at most ${REMS_2026.maxDaysSupply} days`));
  const course = pageText(page('/medicine/course'));
  assert.match(course, new RegExp(`within ${REMS_2026.pcgpWindowDays} days, counting the day of the pregnancy test as day 1`));
  assert.match(course, new RegExp(`at least ${REMS_2026.screenToConfirmMinDays} days apart`));
  assert.match(course, new RegExp(`${LIPID_ALCOHOL_FREE_HOURS} hours`));
  assert.match(course, new RegExp(`${REMS_2026.retreatMinDays / 7} weeks`));
  assert.match(course, new RegExp(`\\(${REMS_2026.postTreatmentDays} days\\) after the last capsule`));
  assert.match(pageText(page('/medicine')), new RegExp(`aged ${REMS_2026.minAgeYears} and older`));
});

test('urgent help says 911 for emergencies and 988 for thoughts of self-harm, and the warning signs page has it in full', () => {
  assert.match(URGENT_HELP.emergency, /call 911\.$/);
  assert.match(URGENT_HELP.crisis, /988/);
  assert.match(URGENT_HELP.crisis, /911/);
  const sideEffects = page('/medicine/side-effects');
  assert.ok(sideEffects.sections.some((section) => section.blocks.some((block) => block.kind === 'urgent')));
  assert.match(pageText(sideEffects), /988/);
  for (const sign of [/headache/, /stomach pain/, /yellow skin/i, /hearing/, /blisters/, /trouble breathing/, /thoughts of hurting yourself/]) {
    assert.match(pageText(sideEffects), sign);
  }
});

test('the interactions to avoid, blood donation and sharing are all stated', () => {
  const all = MEDICINE_PAGES.map((candidate) => pageText(candidate)).join('\n');
  const shared = new Set(
    MEDICINE_PAGES.flatMap((candidate) =>
      candidate.sections.flatMap((section) => section.blocks.flatMap((block) => (block.kind === 'keyMessages' ? block.numbers : []))),
    ),
  );
  const messages = KEY_MESSAGES.filter((message) => shared.has(message.number))
    .flatMap((message) => message.body)
    .join('\n');
  const everything = `${all}\n${messages}`;
  for (const fact of [
    /vitamin A supplements/,
    /tetracycline/,
    /St John's wort/,
    /Do not (give|donate) blood/i,
    /[Nn]ever share/,
    /Medication Guide/,
    /no refills/,
  ]) {
    assert.match(everything, fact);
  }
});

test('every page is under /medicine, listed once in the navigation, with a valid review date and the advice note', () => {
  assert.match(LAST_REVIEWED, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(new Date(`${LAST_REVIEWED}T00:00:00Z`).toISOString().slice(0, 10), LAST_REVIEWED);
  assert.match(NOT_ADVICE, /does not replace the advice of your prescriber/);
  const paths = MEDICINE_PAGES.map((candidate) => candidate.path);
  assert.equal(new Set(paths).size, paths.length);
  for (const path of paths) {
    assert.ok(isPublicPath(path), path);
    assert.equal(PUBLIC_NAV.filter(([to]) => to === path).length, 1, path);
  }
  assert.ok(!isPublicPath('/orders') && !isPublicPath('/medicines') && isPublicPath('/medicine/service-ratings'));
  for (const candidate of MEDICINE_PAGES) {
    for (const section of candidate.sections) {
      for (const block of section.blocks) {
        if (block.kind === 'keyMessages') {
          for (const number of block.numbers) {
            assert.ok(
              KEY_MESSAGES.some((message) => message.number === number),
              `${candidate.path}: message ${number}`,
            );
          }
        }
        if (block.kind === 'links') {
          for (const [to] of block.links) {
            assert.ok(paths.includes(to), `${candidate.path} links to ${to}`);
          }
        }
      }
    }
  }
});
