import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ehrFhirAccess, MAX_EHR_RESPONSE_BYTES } from './ehrFhir.js';

const answering = (response: () => Response) =>
  ehrFhirAccess({ fhirServer: 'https://ehr.example/r4/', accessToken: 't', deadline: Date.now() + 1000, fetch: () => Promise.resolve(response()) });

describe("ehrFhirAccess: what the EHR's FHIR server answers, bounded", () => {
  test('a resource of the expected type is read; the URL joins the base without a double slash; the bearer is sent', async () => {
    let seen: { url: string; authorization: string | null } | null = null;
    const access = ehrFhirAccess({
      fhirServer: 'https://ehr.example/r4/',
      accessToken: 'secret',
      deadline: Date.now() + 1000,
      fetch: (url, init) => {
        seen = { url: typeof url === 'string' ? url : url instanceof URL ? url.href : url.url, authorization: new Headers(init?.headers).get('authorization') };
        return Promise.resolve(new Response(JSON.stringify({ resourceType: 'Patient', id: 'p1' }), { status: 200 }));
      },
    });
    const read = await access.read('Patient/p1', 'Patient');
    assert.equal(read.kind, 'read');
    assert.deepEqual(seen, { url: 'https://ehr.example/r4/Patient/p1', authorization: 'Bearer secret' });
  });

  test('no token (or an empty one, as the reference EHR sends): no Authorization header', async () => {
    let authorization: string | null = 'unset';
    const access = ehrFhirAccess({
      fhirServer: 'https://ehr.example/r4',
      accessToken: '',
      deadline: Date.now() + 1000,
      fetch: (_url, init) => {
        authorization = new Headers(init?.headers).get('authorization');
        return Promise.resolve(new Response('{"resourceType":"Patient"}'));
      },
    });
    await access.read('Patient/p1', 'Patient');
    assert.equal(authorization, null);
  });

  test('another resource type, not JSON, an HTTP error, too large: unavailable, saying which', async () => {
    const cases: Array<[() => Response, RegExp]> = [
      [() => new Response('{"resourceType":"OperationOutcome"}'), /did not return a Patient/],
      [() => new Response('<html>login</html>'), /did not return JSON/],
      [() => new Response('nope', { status: 401 }), /HTTP 401/],
      [() => new Response('x', { headers: { 'content-length': String(MAX_EHR_RESPONSE_BYTES + 1) } }), /more than 5 MB/],
      [() => new Response(new Blob([new Uint8Array(MAX_EHR_RESPONSE_BYTES + 10)]).stream()), /more than 5 MB/],
    ];
    for (const [response, why] of cases) {
      const read = await answering(response).read('Patient/p1', 'Patient');
      assert.equal(read.kind, 'unavailable');
      assert.match(read.why, why);
    }
  });

  test('a deadline already past: nothing is sent', async () => {
    let called = false;
    const access = ehrFhirAccess({
      fhirServer: 'https://ehr.example',
      accessToken: undefined,
      deadline: Date.now() - 1,
      fetch: () => ((called = true), Promise.resolve(new Response('{}'))),
    });
    const read = await access.read('Patient/p1', 'Patient');
    assert.equal(read.kind, 'unavailable');
    assert.equal(called, false);
  });
});
