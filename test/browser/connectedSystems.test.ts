// The administrator connects an EHR and a pharmacy system in a real browser (Chromium, playwright-
// core) against the real server with the demo practice: the Connected systems page registers a
// system from its name, the organization picked from the list, the preset scopes of its kind and
// its pasted public key, hands over what the system's administrator needs (the client ID is then
// good for a real token from /auth/token), and revokes it after a confirmation (its token stops
// working). The Users page records a prescriber's NPI. No serious accessibility violation; the
// phone layout fits its screen.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { DEMO_LOGINS, DEMO_PRESCRIBER_NPI } from '../../src/demo/demoPractice.js';
import {
  demoServerInBrowser,
  expectNoSeriousA11yViolations,
  expectNoSidewaysScroll,
  logInAs,
  skipWithoutChromium,
  visit,
  watchPageErrors,
} from './support/browser.js';
import { present } from '../support/present.js';

const ADMIN = present(DEMO_LOGINS.find((login) => login.role === 'admin')).email;

/** What the system's own software does with its private key: a client assertion, then a token request. */
async function requestToken(baseUrl: string, clientId: string, privateKey: CryptoKey, kid: string): Promise<Response> {
  const tokenUrl = `${baseUrl}/auth/token`;
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES384', kid, typ: 'JWT' })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(tokenUrl)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('4m')
    .sign(privateKey);
  return fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: 'system/*.rs',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    }),
  });
}

describe('connected systems in a browser', { skip: skipWithoutChromium }, () => {
  const demo = demoServerInBrowser();

  test('registering an EHR: organization from the list, preset scopes, pasted public key; the handover works for a real token; revoking asks first and stops it', async () => {
    const page = await demo.openPage();
    const errors = watchPageErrors(page);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.server.url });
    await page.goto('/');
    await logInAs(page, ADMIN);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connected systems' }).click();
    await page.getByRole('heading', { level: 1, name: 'Connected systems' }).waitFor();
    await page.getByText('No system is connected yet.').waitFor();
    await expectNoSeriousA11yViolations(page, 'Connected systems, empty');

    const { publicKey, privateKey } = await generateKeyPair('ES384', { extractable: true });
    const kid = randomUUID();
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES384' };
    const privateJwk = { ...(await exportJWK(privateKey)), kid };

    const form = page.getByRole('form', { name: 'Register a system' });
    await form.getByLabel('Name').fill('Harbor EHR');
    await form.getByLabel('Acts for').selectOption({ label: 'Harbor Dermatology (demo) — practice (its EHR)' });
    // The EHR's preset: read its patients' records, send observations, submit forms; not the pharmacy's.
    const ticked = async (scope: string) => form.getByRole('checkbox', { name: new RegExp(scope.replace(/[.*$/]/g, '\\$&')) }).isChecked();
    assert.deepEqual(
      await Promise.all(
        [
          'system/*.rs',
          'system/Observation.c',
          'system/QuestionnaireResponse.c',
          'system/MedicationRequest.c',
          'system/GuidanceResponse.rs',
          'system/MedicationDispense.cr',
        ].map(ticked),
      ),
      [true, true, true, true, false, false],
    );
    // The private key by mistake: refused before anything is sent.
    await form.getByLabel('Public key (JWK Set)').fill(JSON.stringify({ keys: [privateJwk] }));
    await form.getByLabel('Public key (JWK Set)').blur();
    await form.getByText(/This holds the private key/).waitFor();
    assert.equal(await form.getByLabel('Public key (JWK Set)').getAttribute('aria-invalid'), 'true');
    // One public JWK pasted as it is (not wrapped in a set) is taken as a set of one.
    await form.getByLabel('Public key (JWK Set)').fill(JSON.stringify(publicJwk, null, 2));
    await form.getByText(/This holds the private key/).waitFor({ state: 'detached' });
    await form.getByRole('button', { name: 'Register system' }).click();

    const handover = page.getByRole('region', { name: 'Harbor EHR is registered' });
    await handover.waitFor();
    const clientId = (await handover.locator('dd code').first().textContent()) ?? '';
    assert.match(clientId, /^isoc-/);
    const text = (await handover.textContent()) ?? '';
    for (const expected of [
      `${demo.server.url}/auth/token`,
      `${demo.server.url}/fhir/r4`,
      `${demo.server.url}/cds-services`,
      `${demo.server.url}/ncpdp/script`,
      'private_key_jwt',
    ]) {
      assert.ok(text.includes(expected), `the handover names ${expected}`);
    }
    await handover.getByRole('button', { name: 'Copy the client ID' }).click();
    await handover.getByText('Copied.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), clientId);
    assert.equal(await form.getByLabel('Name').inputValue(), '', 'the form is ready for the next system');
    // Typing the next one keeps the focus in the form (the handover took it once, not at every key).
    await form.getByLabel('Name').click();
    await page.keyboard.type('Next EHR');
    assert.equal(await form.getByLabel('Name').inputValue(), 'Next EHR');
    await form.getByLabel('Name').fill('');

    const systems = page.getByRole('region', { name: 'Registered systems' });
    const row = systems.getByRole('row', { name: /Harbor EHR/ });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', new RegExp(`Harbor Dermatology \\(demo\\)EHR \\(practice\\)${clientId}.*system/\\*\\.rs.*Active`));
    await expectNoSeriousA11yViolations(page, 'Connected systems after a registration');

    // The system's administrator uses what was handed over: a real token.
    const issued = await requestToken(demo.server.url, clientId, privateKey, kid);
    assert.equal(issued.status, 200, await issued.clone().text());
    const { access_token: accessToken, scope } = (await issued.json()) as { access_token: string; scope: string };
    assert.equal(scope, 'system/*.rs');

    // Revoking asks first; "Keep it" keeps it.
    await row.getByRole('button', { name: 'Revoke… Harbor EHR' }).click();
    const confirm = row.getByRole('group', { name: 'Revoke Harbor EHR?' });
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    await confirm.waitFor({ state: 'detached' });
    assert.match((await row.textContent()) ?? '', /Active/);
    await row.getByRole('button', { name: 'Revoke… Harbor EHR' }).click();
    await confirm.getByRole('button', { name: 'Revoke', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Harbor EHR is revoked' }).waitFor();
    await row.filter({ hasText: 'Revoked' }).waitFor();
    const revoked = await demo.server.services.db
      .selectFrom('interop_clients as c')
      .innerJoin('interop_client_revocations as r', 'r.client_id', 'c.id')
      .select('c.client_id')
      .where('c.client_id', '=', clientId)
      .execute();
    assert.equal(revoked.length, 1);
    const afterRevocation = await fetch(`${demo.server.url}/.well-known/smart-configuration`, { headers: { authorization: `Bearer ${accessToken}` } });
    assert.equal(afterRevocation.status, 200, 'discovery stays public');
    const refused = await requestToken(demo.server.url, clientId, privateKey, kid);
    assert.ok(refused.status === 400 || refused.status === 401, `a revoked client gets no token (${refused.status})`);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test("a pharmacy system: the pharmacy's preset, a JWKS URL checked as you type, the server's refusal shown; on a phone the page fits", async () => {
    const page = await demo.openPage('phone');
    const errors = watchPageErrors(page);
    await page.goto('/');
    await logInAs(page, ADMIN);
    await visit(page, '/connected-systems', 'Connected systems');
    const form = page.getByRole('form', { name: 'Register a system' });
    await form.getByLabel('Name').fill('Elm Street pharmacy system');
    await form.getByLabel('Acts for').selectOption({ label: 'Elm Street Pharmacy (demo) — pharmacy (its system)' });
    assert.equal(await form.getByRole('checkbox', { name: /system\/GuidanceResponse\.rs/ }).isChecked(), true);
    assert.equal(await form.getByRole('checkbox', { name: /system\/\*\.rs/ }).isChecked(), false);
    await form.getByText(/SCRIPT messages \(REMSRequest, RxFill\) act for this pharmacy/).waitFor();

    // A key the server cannot use (EC P-256, not P-384): its refusal, next to the form, nothing stored.
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    await form.getByLabel('Public key (JWK Set)').fill(JSON.stringify({ keys: [await exportJWK(publicKey)] }));
    await form.getByRole('button', { name: 'Register system' }).click();
    await form.getByText('A key is RSA (for RS384) or EC P-384 (for ES384).').waitFor();
    await form.getByRole('alert').waitFor();

    await form.getByLabel(/The address it publishes its keys at/).check();
    await form.getByLabel('JWKS URL', { exact: true }).fill('http://pharmacy.example.org/jwks.json');
    await form.getByLabel('JWKS URL', { exact: true }).blur();
    await form.getByText(/An https address/).waitFor();
    // Nothing ticked: named at once, nothing sent.
    await form.getByRole('checkbox', { name: /system\/GuidanceResponse\.rs/ }).uncheck();
    await form.getByRole('checkbox', { name: /system\/MedicationDispense\.cr/ }).uncheck();
    await form.getByText('Choose at least one thing the system may do.').waitFor();
    await form.getByRole('checkbox', { name: /system\/GuidanceResponse\.rs/ }).check();
    await form.getByRole('checkbox', { name: /system\/MedicationDispense\.cr/ }).check();
    await form.getByLabel('JWKS URL', { exact: true }).fill('https://pharmacy.example.org/.well-known/jwks.json');
    await form.getByRole('button', { name: 'Register system' }).click();
    const handover = page.getByRole('region', { name: 'Elm Street pharmacy system is registered' });
    await handover.waitFor();
    assert.equal(await handover.getByText('CDS Hooks discovery').count(), 0, 'a pharmacy system gets no CDS Hooks address');
    await expectNoSidewaysScroll(page, 'Connected systems on a phone');
    await expectNoSeriousA11yViolations(page, 'Connected systems on a phone');
    const stored = await demo.server.services.db
      .selectFrom('interop_clients')
      .select(['name', 'jwks_url', 'scopes'])
      .where('name', '=', 'Elm Street pharmacy system')
      .executeTakeFirstOrThrow();
    assert.deepEqual(stored, {
      name: 'Elm Street pharmacy system',
      jwks_url: 'https://pharmacy.example.org/.well-known/jwks.json',
      scopes: ['system/GuidanceResponse.rs', 'system/MedicationDispense.cr'],
    });
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  test("users: a prescriber's NPI shows in the list and is changed in one field; another account's NPI is refused", async () => {
    const page = await demo.openPage();
    const errors = watchPageErrors(page);
    await page.goto('/');
    await logInAs(page, ADMIN);
    const accounts = page.getByRole('region', { name: 'Staff accounts' });
    const rivera = accounts.getByRole('row', { name: /^Dr\. Alex Rivera/ });
    assert.match((await rivera.textContent()) ?? '', new RegExp(DEMO_PRESCRIBER_NPI));
    const npiForm = page.getByRole('form', { name: 'NPI of Dr. Alex Rivera' });
    assert.equal(await npiForm.getByLabel('NPI').inputValue(), DEMO_PRESCRIBER_NPI);
    await npiForm.getByLabel('NPI').fill('12345');
    await npiForm.getByLabel('NPI').blur();
    await npiForm.getByText('An NPI is 10 digits.').waitFor();
    await npiForm.getByLabel('NPI').fill('1678901236');
    await npiForm.getByRole('button', { name: 'Save NPI' }).click();
    await npiForm.getByRole('status').filter({ hasText: "Dr. Alex Rivera's NPI is 1678901236." }).waitFor();
    await rivera.filter({ hasText: '1678901236' }).waitFor();

    // A new prescriber created with the NPI Dr. Rivera has: the server's refusal, in the form.
    const create = page.getByRole('form', { name: 'Create a staff account' });
    await create.getByLabel('Name').fill('Dr. Nia Grant');
    await create.getByLabel('Email').fill('dr.grant@demo.isocourse.test');
    await create.getByLabel('Practice').selectOption({ label: 'Harbor Dermatology (demo)' });
    await create.getByLabel('NPI (optional)').fill('1678901236');
    await create.getByLabel('First password').fill('a long enough password');
    await create.getByRole('button', { name: 'Create account' }).click();
    await create.getByRole('alert').filter({ hasText: 'Another account already has this NPI.' }).waitFor();
    await create.getByLabel('NPI (optional)').fill('1789012345');
    await create.getByRole('button', { name: 'Create account' }).click();
    await create.getByRole('status').filter({ hasText: 'Dr. Nia Grant (Prescriber) can now log in' }).waitFor();
    await accounts
      .getByRole('row', { name: /Dr\. Nia Grant/ })
      .filter({ hasText: '1789012345' })
      .waitFor();
    // Connected systems act through accounts of their own, which are not staff: not listed here.
    assert.equal(await accounts.getByText('(system)').count(), 0);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
