// The envelope of a FHIR search's answer: a searchset Bundle of what it matched.
import type { Bundle, Resource } from '@medplum/fhirtypes';

export function searchsetBundle(baseUrl: string, selfUrl: string, resources: readonly Resource[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    link: [{ relation: 'self', url: selfUrl }],
    entry: resources.map((resource) => ({
      fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id ?? ''}`,
      resource,
      search: { mode: 'match' as const },
    })),
  };
}
