// The public REMS interoperability examples (../shared/interop-examples, see its README): tests
// read them where they are and never copy them into the project. Where the folder is absent (a
// clone without ../shared), the conformance tests say so and skip.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { TestApi } from './api.js';
import type { UntypedJson } from './json.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The examples folder, or null when this machine has none. INTEROP_EXAMPLES overrides (for a worktree). */
export function interopExamplesDir(): string | null {
  const dir = process.env['INTEROP_EXAMPLES'] ?? path.resolve(repoRoot, '..', 'shared', 'interop-examples');
  return existsSync(dir) ? dir : null;
}

export function readExample(relative: string): string {
  const dir = interopExamplesDir();
  if (dir === null) {
    throw new Error('the interop examples folder is absent');
  }
  return readFileSync(path.join(dir, relative), 'utf8');
}

/** An example's parsed JSON, untyped: a test that reads fields names their type where it does. */
export function readJsonExample(relative: string): UntypedJson {
  return JSON.parse(readExample(relative));
}

/** A describe block that runs only where the examples are; elsewhere it is skipped with the reason. */
export function describeWithExamples(name: string, fn: () => void | Promise<void>): void {
  const dir = interopExamplesDir();
  if (dir === null) {
    describe(name, { skip: 'no ../shared/interop-examples on this machine (set INTEROP_EXAMPLES to its path)' }, () => {});
    return;
  }
  describe(name, fn);
}

/**
 * The examples' patient (pat017, "Jon Stark Snow", born 1996-06-01, assigned male at birth), enrolled
 * in the test practice as its prescriber would: the EHR knows him by name, birth date and its own ids.
 */
export async function enrollExamplePatient(api: TestApi, enrolledOn = '2025-03-03'): Promise<{ id: string; programId: string }> {
  const enrolled = await api.as('prescriber').post('/patients', {
    givenName: 'Jon',
    familyName: 'Snow',
    birthDate: '1996-06-01',
    category: 'PCNGP',
    criterion: 'assignedMaleAtBirth',
    enrolledOn,
  });
  assert.equal(enrolled.status, 201, JSON.stringify(enrolled.body));
  return { id: enrolled.body.id as string, programId: enrolled.body.programId as string };
}
