// The web app is served by the API's own server: its page at / and at every page address (so a
// reload of /patients/… works), its files cached for good, no log-in needed to load it, and the
// API's unknown routes still answered as problems.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../support/api.js';
import { buildWebAppForTests } from '../browser/support/server.js';

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
    for (const url of ['/', '/patients/0b6c2a9e-2f43-4d55-9a64-9e3c4f1f0a11', '/queue?x=1', '/medicine', '/medicine/faq']) {
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
  });

  test('unknown API routes are still problems, not the app', async () => {
    const anonymousUnknown = await api.withToken(null).get('/api/nothing-here');
    assert.equal(anonymousUnknown.status, 404);
    assert.match(String(anonymousUnknown.headers['content-type']), /^application\/problem\+json/);
    const posted = await api.app.inject({ method: 'POST', url: '/patients', payload: {} });
    assert.equal(posted.statusCode, 404, 'only GET page addresses get the app');
  });
});
