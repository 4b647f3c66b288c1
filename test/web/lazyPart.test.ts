// A part of the web app downloaded when first shown (web/src/lazyPart.ts): downloaded once however
// often it is asked for, there at once afterwards, and asked again after a failed download (a phone
// that lost its network) instead of keeping the failure.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lazyPart } from '../../web/src/lazyPart.js';

test('a part is downloaded once, and is there at once after', async () => {
  let downloads = 0;
  const part = lazyPart(() => {
    downloads += 1;
    return Promise.resolve(['the pages']);
  });
  assert.equal(part.loaded(), undefined, 'nothing before it is asked for');
  assert.equal(downloads, 0, 'nothing downloaded before it is asked for');
  const [first, second] = await Promise.all([part.load(), part.load()]);
  assert.equal(first, second);
  assert.deepEqual(part.loaded(), ['the pages']);
  await part.load();
  assert.equal(downloads, 1);
});

test('a failed download is tried again when asked again, and the part is not there meanwhile', async () => {
  let downloads = 0;
  const part = lazyPart(() => {
    downloads += 1;
    if (downloads === 1) {
      return Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    }
    return Promise.resolve('the pages');
  });
  await assert.rejects(part.load(), /Failed to fetch/);
  assert.equal(part.loaded(), undefined);
  assert.equal(await part.load(), 'the pages');
  assert.equal(part.loaded(), 'the pages');
  assert.equal(downloads, 2);
});
