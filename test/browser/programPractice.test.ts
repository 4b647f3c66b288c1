// A practice under the EU's Pregnancy Prevention Programme, in a real browser (issue 14, item 3):
// the prescriber sees the "Program (EU-PPP-2018)" panel on the patient page with what the next
// prescription needs, records the missing acknowledgement form from the panel in one click and
// writes the prescription; the pharmacist opens it from the queue and dispenses it in one step —
// the pharmacist's checklist, no RMA number ("RMA null" never shown). Every action is counted.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_LOGINS } from '../../src/demo/demoPractice.js';
import { addDays } from '../../src/domain/dates.js';
import { programToday, type Actor } from '../../src/services/context.js';
import { setOrganizationJurisdiction } from '../../src/services/admin/organizationJurisdiction.js';
import { enrollPatient } from '../../src/services/patients/enrollPatient.js';
import { recordReproductiveFact } from '../../src/services/programs/patientProgramFacts.js';
import { recordPrescriberAttributes } from '../../src/services/programs/prescriberAttributes.js';

import { present } from '../support/present.js';
import { ActionCounter } from './support/actionCounter.js';
import { demoServerInBrowser, expectNoSeriousA11yViolations, logInAs, skipWithoutChromium, watchPageErrors } from './support/browser.js';

const email = (role: string): string => present(DEMO_LOGINS.find((login) => login.role === role)).email;
const ONE_STEP = "Patient card and leaflet given — pharmacist's checklist and dispense";

function actorOf(row: { id: string; role: string; organization_id: string | null }): Actor {
  return { userId: row.id, role: row.role as Actor['role'], organizationId: row.organization_id, supervisingPrescriberId: null, ip: null };
}

describe('a practice under the EU program in a browser', { skip: skipWithoutChromium }, () => {
  const demo = demoServerInBrowser();

  test('the prescriber records the missing form from the panel (1 click) and writes the prescription; the pharmacist dispenses it in one step', async () => {
    const { services } = demo.server;
    const users = await services.db.selectFrom('users').select(['id', 'role', 'organization_id', 'email']).execute();
    const userOf = (role: string) => actorOf(present(users.find((user) => user.email === email(role))));
    const admin = userOf('admin');
    const prescriber = userOf('prescriber');
    const pharmacist = userOf('pharmacist');
    // The set-up an administrator and the enrollment did (not what this test counts): the practice
    // under the EU, its prescriber experienced with retinoids (PPP-PRESC-1), a new patient who
    // cannot get pregnant (a clinician's finding), her pharmacy the demo pharmacy.
    const yesterday = addDays(programToday(services), -1);
    await setOrganizationJurisdiction(services, admin, present(prescriber.organizationId), { jurisdiction: 'EU' });
    await recordPrescriberAttributes(services, admin, prescriber.userId, { specialty: 'dermatology', effectiveOn: yesterday, retinoidExperience: true });
    const patient = await enrollPatient(services, prescriber, {
      givenName: 'Lena',
      familyName: 'Vogel',
      birthDate: '1996-03-09',
      category: 'PCNGP',
      criterion: 'assignedMaleAtBirth',
      enrolledOn: yesterday,
      pharmacyId: present(pharmacist.organizationId),
    });
    await recordReproductiveFact(services, prescriber, patient.id, { kind: 'noUterusOrNoOvaries', recordedOn: yesterday });

    const counter = new ActionCounter();
    const errors: string[] = [];

    // The prescriber: her page shows the program's panel; one click records the form it asks for.
    {
      const raw = await demo.openPage('desktop');
      const pageErrors = watchPageErrors(raw);
      await counter.notCounted('log-in', () => logInAs(raw, email('prescriber')), 'prescriber');
      const page = counter.pageFor('prescriber', raw);
      await page.goto(`/patients/${patient.id}`);
      const panel = raw.locator('section.rx-program');
      await panel.getByRole('heading', { level: 2, name: 'Program (EU-PPP-2018)' }).waitFor();
      await expectNoSeriousA11yViolations(raw, 'the patient page with the program panel');
      const need = panel.locator('[data-code="ACKNOWLEDGEMENT_FORM_REQUIRED"]').first();
      assert.match(
        (await need.textContent()) ?? '',
        /The EU-PPP-ACK-2018 form must be completed before the first prescription\..*complete the EU-PPP-ACK-2018 form/s,
      );
      await page.getByRole('button', { name: 'EU-PPP-ACK-2018 signed today by the patient and me' }).click();
      await panel.getByText(/^Recorded: the EU Pregnancy Prevention Programme acknowledgement form, signed on /).waitFor();
      // Read again from the server: nothing more is needed.
      await panel.getByText('The next prescription needs nothing more under EU-PPP-2018: it can be written today.').waitFor();
      assert.equal(await panel.locator('[data-code="ACKNOWLEDGEMENT_FORM_REQUIRED"]').count(), 0);

      const write = raw.locator('#action-prescription');
      if (!(await write.evaluate((details) => (details as HTMLDetailsElement).open))) {
        await page.locator('#action-prescription > summary').click();
      }
      const form = raw.getByRole('form', { name: 'Write a prescription' });
      // Italy alone asks when she was certified not pregnant.
      assert.equal(await form.getByLabel(/Certified not pregnant on/).count(), 0);
      await counter
        .pageFor('prescriber', raw)
        .getByRole('form', { name: 'Write a prescription' })
        .getByRole('button', { name: 'Write the prescription' })
        .click();
      await form.getByText(/^Prescription of .* recorded: /).waitFor();
      errors.push(...pageErrors);
      await raw.context().close();
    }

    // The pharmacist: the queue is the home page; open her prescription, one step at the counter.
    {
      const raw = await demo.openPage('desktop');
      const pageErrors = watchPageErrors(raw);
      await counter.notCounted('log-in', () => logInAs(raw, email('pharmacist')), 'pharmacist');
      // Not counted (another path, checked on the way): found by identifier and birth date, her
      // prescription offers the pharmacist's checklist, prefilled, its one tick left to the pharmacist.
      await counter.notCounted(
        "a look at the look-up's checklist form",
        async () => {
          await raw.goto(`/find?programId=${patient.programId}`);
          await raw.getByLabel('Date of birth').fill('1996-03-09');
          await raw.getByRole('button', { name: 'Find', exact: true }).click();
          const checklist = raw.getByRole('form', { name: "Pharmacist's checklist and dispense" });
          await checklist.waitFor();
          assert.equal(await raw.getByRole('button', { name: 'Request authorization' }).count(), 0, 'no authorization to request outside the US');
          assert.equal(await checklist.getByLabel('Patient card and package leaflet given').isChecked(), false, 'never pre-ticked');
          assert.equal(await checklist.getByLabel('Capsules').inputValue(), '30');
          assert.equal(await checklist.getByLabel("Days' supply").inputValue(), '30');
          await checklist.getByRole('button', { name: "Pharmacist's checklist and dispense" }).click();
          await checklist.getByText('Give the patient card and the package leaflet with every dispense.').waitFor();
          await raw.goto('/');
        },
        'pharmacist',
      );
      const page = counter.pageFor('pharmacist', raw);
      await raw.getByRole('heading', { level: 2, name: 'Prescriptions expected here' }).waitFor();
      await page.getByRole('link', { name: 'Lena Vogel', exact: true }).click();
      await raw.getByRole('heading', { level: 1, name: 'Lena Vogel' }).waitFor();
      await raw.getByText(/^Can be dispensed now, until /).waitFor();
      assert.equal(await raw.getByText(/authorized now/i).count(), 0, 'no authorization outside the US');
      await page.getByRole('button', { name: ONE_STEP }).click();
      const done = raw.getByText(/^Checklist passed \(EU-PPP-2018\) — dispensed on .*Last day to dispense: /);
      await done.waitFor();
      assert.doesNotMatch((await raw.locator('main').textContent()) ?? '', /RMA null|RMA\s*\./, 'never "RMA null"');
      errors.push(...pageErrors);
      await raw.context().close();
    }

    const stored = await services.db
      .selectFrom('dispenses as d')
      .innerJoin('authorizations as a', 'a.id', 'd.authorization_id')
      .select(['a.rma_number', 'a.rule_set', 'd.medication_guide_given'])
      .where('a.patient_id', '=', patient.id)
      .execute();
    assert.deepEqual(stored, [{ rma_number: null, rule_set: 'EU-PPP-2018', medication_guide_given: true }]);
    const table = counter.table('EU practice: the form from the panel, the prescription, the dispense');
    console.log(`\n${table}\n`);
    // Prescriber: open her page (1), the form (1), [open the prescription form (1)], write it (1); pharmacist: open it (1), one step (1).
    assert.ok(counter.count('prescriber') <= 4, counter.listing());
    assert.equal(counter.count('pharmacist'), 2, counter.listing());
    assert.deepEqual(errors, []);
  });
});
