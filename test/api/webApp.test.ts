// The web app is served by the API's own server: its page at / and at every page address (so a
// reload of /patients/… works), its files cached for good and sent compressed, no log-in needed to
// load it, the public medicine pages as real HTML (pre-rendered at build, readable without
// JavaScript), and the API's unknown routes still answered as problems.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../support/api.js';
import { buildWebAppForTests } from '../browser/support/server.js';
import { LAST_REVIEWED, MEDICINE_PAGES, REVIEWED_BY, SOURCES } from '../../web/src/pages/public/medicineContent.js';
import { MEDICINE_CONTENT_ES } from '../../web/src/pages/public/medicineContent.es.js';
import { present } from '../support/present.js';
import { formatDate } from '../../web/src/dates.js';

describe('the web app, served by the API server', () => {
  let api: TestApi;
  let webAppDir: string;
  before(async () => {
    // A build of the sources as they are, in a folder of this process's own (never web/dist, which
    // other test processes' servers or `npm start` may be reading).
    webAppDir = await buildWebAppForTests();
    api = await startTestApi({ webAppDir });
  });
  after(() => api.close());

  test('GET / and any page address answer the app, without a log-in, with the security headers', async () => {
    for (const url of [
      '/',
      '/patients/0b6c2a9e-2f43-4d55-9a64-9e3c4f1f0a11',
      '/queue?x=1',
      '/medicine/service-ratings',
      '/medicine/no-such-page',
      '/medicine/faq/',
    ]) {
      const response = await api.app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 200, url);
      assert.match(String(response.headers['content-type']), /^text\/html/, url);
      assert.match(response.body, /<div id="root"><\/div>/, url);
      assert.match(String(response.headers['content-security-policy']), /default-src 'self'/);
      assert.equal(response.headers['cache-control'], 'no-store', 'the page itself is always fetched fresh');
    }
  });

  test('the built assets are served and cached for good; a missing one is 404', async () => {
    const assets = fs.readdirSync(path.join(webAppDir, 'assets')).filter((name) => name.endsWith('.js'));
    assert.ok(assets.length > 0);
    const asset = await api.app.inject({ method: 'GET', url: `/assets/${assets[0]}` });
    assert.equal(asset.statusCode, 200);
    assert.match(String(asset.headers['content-type']), /javascript/);
    assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal((await api.app.inject({ method: 'GET', url: '/assets/missing-abc123.js' })).statusCode, 404);
    // The build's own files are not pages: the compressed copies (sent in place of their file),
    // the pre-rendered pages' files (sent at their page's address) and the build's manifest.
    const compressed = assets.find((name) => fs.existsSync(path.join(webAppDir, 'assets', `${name}.gz`)));
    assert.ok(compressed !== undefined && fs.existsSync(path.join(webAppDir, 'prerendered', 'medicine.html')));
    for (const url of [`/assets/${compressed}.gz`, `/assets/${compressed}.br`, '/prerendered/medicine.html', '/.vite/manifest.json']) {
      assert.equal((await api.app.inject({ method: 'GET', url })).statusCode, 404, url);
    }
  });

  test('the public medicine pages answer their own HTML, with their text, review date, reviewer and sources', async () => {
    assert.ok(MEDICINE_PAGES.length >= 6);
    const reviewed = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${LAST_REVIEWED}T00:00:00Z`),
    );
    for (const page of MEDICINE_PAGES) {
      for (const url of [page.path, `${page.path}?from=search`]) {
        const response = await api.app.inject({ method: 'GET', url });
        assert.equal(response.statusCode, 200, url);
        assert.match(String(response.headers['content-type']), /^text\/html/, url);
        assert.equal(response.headers['cache-control'], 'no-store', url);
        assert.match(String(response.headers['content-security-policy']), /default-src 'self'/, url);
        const html = response.body;
        // Text as the page shows it: React writes & and ’ as they are, but escapes & in attributes and text.
        const text = html
          .replace(/<!-- -->/g, '')
          .replace(/&amp;/g, '&')
          .replace(/&#x27;/g, "'")
          .replace(/&quot;/g, '"');
        assert.ok(text.includes(`<title>${page.title} · isocourse</title>`), `${url}: its own title`);
        assert.ok(text.includes(`<h1 id="medicine-title">${page.title}</h1>`), `${url}: its heading`);
        for (const section of page.sections) {
          assert.ok(text.includes(`>${section.heading}</h2>`), `${url}: the section ${section.heading}`);
        }
        assert.ok(text.includes(`<time dateTime="${LAST_REVIEWED}">`) && text.includes(reviewed), `${url}: the review date`);
        assert.ok(text.includes(REVIEWED_BY), `${url}: who reviewed it`);
        for (const [name, address] of SOURCES) {
          assert.ok(text.includes(`<a href="${address}">${name}</a>`), `${url}: the source ${name}`);
        }
        assert.ok(
          text.includes('ipledgeprogram.com') && /Medication Guide/.test(text),
          `${url}: the program's site and the Medication Guide among the sources`,
        );
        assert.doesNotMatch(html, /needs JavaScript/, `${url}: no "needs JavaScript" note on a page that does not`);
        assert.match(html, /<noscript><link rel="stylesheet" href="\/noscript.css"><\/noscript><\/head>/, `${url}: the menu shown open without scripts`);
        // The app's script is still there, to take the page over, and the scripts all come from the server itself.
        assert.match(html, /<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/, url);
        assert.doesNotMatch(
          html.replace(/<script type="module" crossorigin src="[^"]+"><\/script>/, ''),
          /<script/,
          `${url}: no other script, no inline one (CSP script-src 'self')`,
        );
      }
    }
    const app = await api.app.inject({ method: 'GET', url: '/' });
    assert.match(app.body, /<noscript>.*<a href="\/medicine">/s, 'the app page tells a browser without scripts where the readable pages are');
  });

  test('the public medicine pages in Spanish: ?lang=es answers the Spanish HTML, readable without JavaScript, <html lang>, hreflang alternates', async () => {
    const reviewed = formatDate(LAST_REVIEWED, 'es-US');
    const text = (html: string) =>
      html
        .replace(/<!-- -->/g, '')
        .replace(/&amp;/g, '&')
        .replace(/&#x27;/g, "'")
        .replace(/&quot;/g, '"');
    for (const page of MEDICINE_CONTENT_ES.pages) {
      const english = MEDICINE_PAGES.find((candidate) => candidate.path === page.path);
      assert.ok(english);
      for (const url of [`${page.path}?lang=es`, `${page.path}?from=search&lang=es`]) {
        const response = await api.app.inject({ method: 'GET', url });
        assert.equal(response.statusCode, 200, url);
        assert.match(String(response.headers['content-type']), /^text\/html/, url);
        const html = text(response.body);
        assert.match(html, /<html lang="es-US">/, `${url}: the document's language`);
        assert.ok(html.includes(`<title>${page.title} · isocourse</title>`), `${url}: its Spanish title`);
        assert.ok(html.includes(`<h1 id="medicine-title">${page.title}</h1>`), `${url}: its Spanish heading`);
        for (const section of page.sections) {
          assert.ok(html.includes(`>${section.heading}</h2>`), `${url}: the section ${section.heading}`);
        }
        assert.ok(!html.includes(`>${english.title}</h1>`), `${url}: not the English heading`);
        assert.ok(html.includes(MEDICINE_CONTENT_ES.notAdvice), `${url}: the note in Spanish`);
        assert.ok(html.includes(reviewed), `${url}: the review date in Spanish (${reviewed})`);
        assert.ok(html.includes(`href="/medicine/faq?lang=es"`), `${url}: the navigation stays in Spanish without JavaScript`);
        assert.ok(
          html.includes(`<link rel="alternate" hreflang="en" href="${page.path}">`) &&
            html.includes(`<link rel="alternate" hreflang="es" href="${page.path}?lang=es">`) &&
            html.includes(`<link rel="alternate" hreflang="x-default" href="${page.path}">`),
          `${url}: hreflang alternates`,
        );
      }
      // The English page names the Spanish one too, and stays English.
      const englishPage = await api.app.inject({ method: 'GET', url: page.path });
      assert.match(englishPage.body, /<html lang="en-US">/);
      assert.ok(englishPage.body.includes(`<link rel="alternate" hreflang="es" href="${page.path}?lang=es">`), page.path);
    }
    // A language there is no page in: the English page; Spanish where there is no pre-rendered page: the app.
    assert.match((await api.app.inject({ method: 'GET', url: '/medicine/faq?lang=fr' })).body, /<html lang="en-US">/);
    assert.match((await api.app.inject({ method: 'GET', url: '/medicine/service-ratings?lang=es' })).body, /<div id="root"><\/div>/);
  });

  test('files and pages go compressed to a browser that accepts it, the same bytes once decoded', async () => {
    const assets = fs.readdirSync(path.join(webAppDir, 'assets')).filter((name) => /\.(js|css)$/.test(name));
    const biggest = present(assets.map((name) => ({ name, size: fs.statSync(path.join(webAppDir, 'assets', name)).size })).sort((a, b) => b.size - a.size)[0]);
    const original = fs.readFileSync(path.join(webAppDir, 'assets', biggest.name));
    const decoders = { br: zlib.brotliDecompressSync, gzip: zlib.gunzipSync } as const;
    for (const [acceptEncoding, expected] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip, deflate', 'gzip'],
      ['identity', undefined],
      [undefined, undefined],
    ] as const) {
      const response = await api.app.inject({
        method: 'GET',
        url: `/assets/${biggest.name}`,
        headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
      });
      assert.equal(response.statusCode, 200, String(acceptEncoding));
      assert.equal(response.headers['content-encoding'], expected, `Accept-Encoding: ${acceptEncoding}`);
      assert.match(String(response.headers['content-type']), biggest.name.endsWith('.js') ? /javascript/ : /css/);
      assert.match(String(response.headers['vary']), /accept-encoding/i);
      assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
      const body = response.rawPayload;
      if (expected === undefined) {
        assert.ok(body.equals(original), 'the file itself');
      } else {
        assert.ok(body.length < original.length / 2, `${expected}: ${body.length} bytes for ${original.length}`);
        assert.ok(decoders[expected](body).equals(original), `${expected} decodes to the file`);
      }
    }
    for (const url of ['/', '/medicine/faq']) {
      const plain = await api.app.inject({ method: 'GET', url });
      const compressed = await api.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });
      assert.equal(compressed.headers['content-encoding'], url === '/' ? undefined : 'br', `${url}: compressed when it is worth it (index.html is too small)`);
      assert.match(String(compressed.headers['content-type']), /^text\/html/, url);
      assert.equal(compressed.headers['cache-control'], 'no-store', `${url}: still fetched fresh`);
      const decoded = compressed.headers['content-encoding'] === 'br' ? zlib.brotliDecompressSync(compressed.rawPayload) : compressed.rawPayload;
      assert.equal(decoded.toString('utf8'), plain.body, url);
    }
    const json = await api.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { 'accept-encoding': 'gzip, br' } });
    assert.equal(json.headers['content-encoding'], undefined, 'API answers are not compressed (see src/api/webApp.ts)');
  });

  test('unknown API routes are still problems, not the app', async () => {
    const anonymousUnknown = await api.withToken(null).get('/api/nothing-here');
    assert.equal(anonymousUnknown.status, 404);
    assert.match(String(anonymousUnknown.headers['content-type']), /^application\/problem\+json/);
    const posted = await api.app.inject({ method: 'POST', url: '/patients', payload: {} });
    assert.equal(posted.statusCode, 404, 'only GET page addresses get the app');
  });
});
