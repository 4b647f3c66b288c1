// A patient's month in Spanish, in a real browser (issue 14, item 5): the patient of
// patientMonth.test.ts (her month lacks only her own part) logs in, clicks "Español" in her header,
// and from then on her pages are in Spanish — on every page, after a reload too (her choice is kept
// on her account, GET /me). She follows her to-do item, answers the ten questions in Spanish,
// confirms her two methods, sees the item done, and opens her wallet card: Spanish words and dates
// formatted in US Spanish (e.g. "dom, 3 de mar de 2002"), logs a symptom and reads the advice in
// Spanish. Back to English in one click. The public
// pages take ?lang=es (no account) and keep taking over their pre-rendered English markup without
// an error. No message is missing from the catalogue (react-intl would say so on the console).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { addDays } from '../../src/domain/dates.js';
import { programToday } from '../../src/services/context.js';
import { CALENDAR_DATE, calendarDate } from '../../web/src/dates.js';
import { es } from '../../web/src/i18n/messages/es.js';
import { comprehensionQuestions } from '../../web/src/pages/patient/comprehensionQuestions.js';
import { groupedProgramId } from '../../web/src/pages/patient/programId.js';
import { demoServerInBrowser, expectNoSeriousA11yViolations, logInAs, skipWithoutChromium, watchPageErrors } from './support/browser.js';
import { patientDueHerPart, type MonthlyPatient } from './support/patientMonth.js';
import { MEDICINE_CONTENT_ES } from '../../web/src/pages/public/medicineContent.es.js';
import { present } from '../support/present.js';

const MEDICINE_ES = present(MEDICINE_CONTENT_ES.pages.find((candidate) => candidate.path === '/medicine'));
const SIDE_EFFECTS_ES = present(MEDICINE_CONTENT_ES.pages.find((candidate) => candidate.path === '/medicine/side-effects'));

const PATIENT: MonthlyPatient = {
  givenName: 'Lucía',
  familyName: 'Mensual',
  birthDate: '2002-03-03',
  email: 'lucia.mensual@demo.isocourse.test',
  password: 'lucia mensual password',
};

/** A calendar date as the Spanish pages show it (the same Intl options as the pages, es-US). */
function spanishDate(isoDate: string): string {
  return new Intl.DateTimeFormat('es-US', CALENDAR_DATE).format(calendarDate(isoDate));
}

/** Console errors (react-intl reports a missing message there) beside uncaught ones. */
function watchConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      errors.push(message.text());
    }
  });
  return errors;
}

describe('a patient does her month in Spanish', { skip: skipWithoutChromium }, () => {
  const demo = demoServerInBrowser();
  let programId = '';

  test('set up: a patient on treatment due for her questions and her confirmation', async () => {
    ({ programId } = await patientDueHerPart(demo.server.services, PATIENT));
  });

  test('she switches to Spanish in one click, does her part of the month in Spanish, and sees her wallet card in Spanish', async () => {
    const today = programToday(demo.server.services);
    assert.match(spanishDate('2002-03-03'), /3 de mar/, 'a Spanish date (day, "de", month)');
    const page = await demo.openPage('desktop');
    const errors = watchPageErrors(page);
    const consoleErrors = watchConsoleErrors(page);
    await page.goto('/');
    await logInAs(page, PATIENT.email, PATIENT.password);
    await page.getByRole('heading', { level: 1, name: 'To do' }).waitFor();

    await page.getByRole('button', { name: 'Español' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pendientes' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'es-US');
    await page.getByText(`Al ${spanishDate(today)}`).waitFor();
    await page.getByText(`Su identificador del programa: ${groupedProgramId(programId)}`).waitFor();
    await page.getByRole('heading', { name: 'Lo que falta para su próximo surtido' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Principal' });
    for (const label of ['Pendientes', 'Mi tratamiento', 'Tarjeta de bolsillo', 'Preguntas', 'Recordatorios']) {
      await nav.getByRole('link', { name: label, exact: true }).waitFor();
    }
    await page.getByRole('button', { name: 'Cerrar sesión' }).waitFor();
    await page.getByRole('button', { name: 'English' }).waitFor();

    // Her choice is on her account: a reload (a new GET /me) is still in Spanish.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Pendientes' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'to-do page in Spanish (1280 px)');

    // Her part of the month, in Spanish: the questions and the tick for her two methods.
    await page.getByRole('link', { name: 'Responder las preguntas de este mes', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Las preguntas de este mes' }).waitFor();
    const form = page.getByRole('form', { name: 'Preguntas de comprensión' });
    await form.waitFor();
    const questions = comprehensionQuestions((id) => es[id]);
    for (const question of questions) {
      await form.getByRole('group', { name: question.question }).getByRole('radio', { name: question.options[question.correct], exact: true }).check();
    }
    await form.getByText('Todas las preguntas están respondidas.').waitFor();
    await form.getByRole('checkbox', { name: 'Uso estos métodos: DIU de cobre + Condón masculino' }).check();
    await form.getByRole('button', { name: 'Revisar mis respuestas' }).click();
    await page.getByRole('heading', { name: `Las ${questions.length} respuestas son correctas: aprobado.` }).waitFor();
    await page.getByText(`Registrado el ${spanishDate(today)}.`, { exact: false }).waitFor();
    await page.getByText(`Métodos anticonceptivos confirmados el ${spanishDate(today)}: DIU de cobre + Condón masculino, en uso desde el `).waitFor();

    await page.getByRole('link', { name: 'Volver a su lista de pendientes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pendientes' }).waitFor();
    await page.getByRole('heading', { name: 'Ya hecho' }).waitFor();
    assert.equal(await page.getByText('Preguntas de este mes aprobadas').count(), 1);
    assert.equal(await page.getByText('Métodos anticonceptivos confirmados').count(), 1);
    assert.equal(await page.getByRole('link', { name: 'Responder las preguntas de este mes' }).count(), 0, 'the item has left her list');
    const stored = await demo.server.services.db
      .selectFrom('comprehension_checks as c')
      .innerJoin('patients as p', 'p.id', 'c.patient_id')
      .select(['c.passed', 'c.answered_on'])
      .where('p.program_id', '=', programId)
      .orderBy('c.recorded_at', 'desc')
      .executeTakeFirstOrThrow();
    assert.deepEqual(stored, { passed: true, answered_on: today });

    // Her wallet card, in Spanish, with her birth date as Spanish readers write it.
    await nav.getByRole('link', { name: 'Tarjeta de bolsillo' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tarjeta de bolsillo' }).waitFor();
    const card = page.locator('.wallet-card');
    await card.getByText('Fecha de nacimiento').waitFor();
    await card.getByText(spanishDate(PATIENT.birthDate), { exact: true }).waitFor();
    await card.getByText('isotretinoína · programa iPLEDGE').waitFor();
    await card.getByRole('img', { name: `Código QR de su identificador del programa ${groupedProgramId(programId)}` }).waitFor();
    await expectNoSeriousA11yViolations(page, 'wallet card in Spanish (1280 px)');

    // Her course in Spanish: the fills, the timeline with its Spanish dates and "hace … días".
    await nav.getByRole('link', { name: 'Mi tratamiento' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mi tratamiento' }).waitFor();
    await page.getByRole('heading', { name: 'Cronología' }).waitFor();
    await page.getByText('Cápsulas recogidas: Claravis 30 mg').waitFor();
    // The fill and the confirmation test of that day.
    assert.equal(await page.getByText(`${spanishDate(addDays(today, -29))} · hace 29 días`).count(), 2);
    await page.getByRole('heading', { name: 'Días sin tomar' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'my course in Spanish (1280 px)');

    // Her orders in Spanish, and an address that is no page.
    await nav.getByRole('link', { name: 'Pedidos' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pedidos' }).waitFor();
    await page.getByText(`Al ${spanishDate(today)}`, { exact: true }).waitFor();
    assert.equal(await page.getByText(/^(Orders|As of|Place an order|You have not placed an order yet\.)$/).count(), 0, 'no English left on the orders page');
    await expectNoSeriousA11yViolations(page, 'orders in Spanish (1280 px)');
    await nav.getByRole('link', { name: 'Mensajes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mensajes' }).waitFor();
    await page.getByText('Sus mensajes con la farmacia sobre sus pedidos, del más reciente al más antiguo.').waitFor();
    await page.goto('/orders/new');
    await page.getByRole('heading', { level: 1, name: 'Pida sus cápsulas' }).waitFor();
    await page.goto('/no-such-page');
    await page.getByRole('heading', { level: 1, name: 'Página no encontrada' }).waitFor();
    await page.getByRole('link', { name: 'Ir a su página de inicio' }).waitFor();

    // The symptom log in Spanish: the names, the count, and the answer's advice worded by its code and symptom.
    await nav.getByRole('link', { name: 'Síntomas' }).click();
    await page.getByRole('heading', { level: 1, name: 'Registrar síntomas' }).waitFor();
    const symptoms = page.getByRole('form', { name: 'Registrar síntomas' });
    await symptoms.getByRole('group', { name: 'Efectos comunes y esperados' }).getByRole('checkbox', { name: 'Labios secos o agrietados' }).check();
    await symptoms.getByLabel('¿Qué tan fuerte es «Labios secos o agrietados»?').waitFor();
    await symptoms.getByText('1 síntoma marcado.').waitFor();
    await symptoms.getByRole('button', { name: 'Enviar a mi equipo de atención' }).click();
    await page.getByRole('heading', { name: `Registro del ${spanishDate(today)} guardado: 1 síntoma. Su equipo de atención puede verlo.` }).waitFor();
    await page.getByRole('heading', { name: 'Qué hacer' }).waitFor();
    await page.getByText(es['symptoms.education.dryLips']).waitFor();
    assert.equal(await page.getByText(/Dry, cracked lips|Logged for/).count(), 0, "no English left in the answer (the server's advice is worded by the page)");

    // The mood check (PHQ-9) in Spanish; an answer above "Ningún día" to the ninth item shows, in Spanish, how to get help now.
    await nav.getByRole('link', { name: 'Estado de ánimo' }).click();
    await page.getByRole('heading', { level: 1, name: 'Estado de ánimo' }).waitFor();
    const mood = page.getByRole('form', { name: 'Control del estado de ánimo (PHQ-9)' });
    await mood
      .getByRole('group', { name: /Pensamientos de que estaría mejor muerto\(a\)/ })
      .getByRole('radio', { name: 'Varios días' })
      .check();
    await mood.getByRole('alert').getByText('Si tiene estos pensamientos, busque ayuda ahora.').waitFor();
    await mood.getByRole('link', { name: '988' }).first().waitFor();

    // Back to English in one click.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mood check' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Wallet card' }).click();
    await card.getByText('Date of birth').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en-US');
    assert.deepEqual(errors, []);
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  test('the public pages in Spanish without an account: ?lang=es, kept in the browser; the pre-rendered page is taken over without an error', async () => {
    const page = await demo.openPage('phone');
    const errors = watchPageErrors(page);
    const consoleErrors = watchConsoleErrors(page);
    await page.goto('/medicine?lang=es');
    // The Spanish page itself, pre-rendered in Spanish and taken over as it is.
    await page.getByRole('heading', { level: 1, name: MEDICINE_ES.title }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'es-US');
    await page.getByRole('button', { name: 'Menú' }).click();
    const nav = page.getByRole('navigation', { name: 'Información sobre el medicamento' });
    await nav.getByRole('link', { name: 'Prevención del embarazo' }).waitFor();
    await page.getByRole('link', { name: 'Iniciar sesión' }).waitFor();
    // Its menu leads to the Spanish side-effects page, the urgent help with it.
    await nav.getByRole('link', { name: 'Efectos secundarios' }).click();
    await page.getByRole('heading', { level: 1, name: SIDE_EFFECTS_ES.title }).waitFor();
    await page.getByRole('complementary', { name: 'Ayuda urgente' }).getByText(MEDICINE_CONTENT_ES.urgentHelp.title).waitFor();
    assert.match(page.url(), /\/medicine\/side-effects\?lang=es$/);
    await page.getByRole('heading', { level: 2, name: 'Fuentes (en inglés)' }).waitFor();
    // Kept in this browser: the log-in page (no address parameter) is in Spanish too, and offers English.
    await page.goto('/');
    await page.getByRole('form', { name: 'Iniciar sesión' }).getByLabel('Correo electrónico').waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('form', { name: 'Log in' }).getByLabel('Email').waitFor();
    assert.deepEqual(errors, []);
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });

  test('the Spanish medicine pages read without JavaScript: served in Spanish, the menu leads to the other Spanish pages', async () => {
    const context = await demo.browser.newContext({ baseURL: demo.server.url, javaScriptEnabled: false, locale: 'es-US' });
    try {
      const page = await context.newPage();
      await page.goto('/medicine/faq?lang=es');
      const faq = present(MEDICINE_CONTENT_ES.pages.find((candidate) => candidate.path === '/medicine/faq'));
      await page.getByRole('heading', { level: 1, name: faq.title }).waitFor();
      assert.equal(await page.title(), `${faq.title} · isocourse`);
      assert.equal(await page.locator('html').getAttribute('lang'), 'es-US');
      for (const section of faq.sections) {
        await page.getByRole('heading', { level: 2, name: section.heading }).waitFor();
      }
      assert.ok(((await page.locator('footer').textContent()) ?? '').includes(MEDICINE_CONTENT_ES.notAdvice));
      const link = page.getByRole('navigation', { name: 'Información sobre el medicamento' }).getByRole('link', { name: 'Efectos secundarios' });
      await Promise.all([page.waitForURL('**/medicine/side-effects?lang=es'), link.click()]);
      await page.getByRole('heading', { level: 1, name: SIDE_EFFECTS_ES.title }).waitFor();
    } finally {
      await context.close();
    }
  });
});
