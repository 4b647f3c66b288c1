// Phase (e), the mixed load: every client, in a closed loop, sends the next operation of a fixed
// mix — the pharmacy's authorization request for a fresh prescription, a prescriber's or delegate's
// pregnancy test result for one of their patients, a prescriber's or delegate's worklist read —
// each expected to succeed (201, 201, 200). Everything a request needs (bodies, paths, sessions,
// the prescriptions and patients it consumes) is prepared before timing; the operation only picks.
import type { HttpClient } from './http.js';
import type { Target } from './replay.js';
import type { PhaseResult } from './stats.js';

export const MIXED_KINDS = ['authorization', 'pregnancyTest', 'worklistRead'] as const;
export type MixedKind = (typeof MIXED_KINDS)[number];

/** Operation n is MIX[n % 10]: 40 % authorizations, 30 % pregnancy tests, 30 % worklist reads, interleaved. */
export const MIX: readonly MixedKind[] = [
  'authorization',
  'pregnancyTest',
  'worklistRead',
  'authorization',
  'pregnancyTest',
  'worklistRead',
  'authorization',
  'pregnancyTest',
  'worklistRead',
  'authorization',
];

/** "40 % authorization, 30 % pregnancyTest, 30 % worklistRead" */
export const MIX_DESCRIPTION = MIXED_KINDS.map((kind) => `${(100 * MIX.filter((k) => k === kind).length) / MIX.length} % ${kind}`).join(', ');

const EXPECTED: Record<MixedKind, number> = { authorization: 201, pregnancyTest: 201, worklistRead: 200 };
const SUCCESS = new Set(MIXED_KINDS.map((kind) => `${kind} ${EXPECTED[kind]}`));
const kindOf = (n: number): MixedKind => MIX[n % MIX.length] as MixedKind;

type Headers = Record<string, string>;

export interface MixedWork {
  http: HttpClient;
  /** Fresh prescriptions, one authorization request each, in order; running out is an error. */
  targets: Target[];
  /** Sessions of the pharmacists, taken in turn. */
  pharmacists: Headers[];
  /** Patients to record a test for, in order, each with the sessions of their care team; after the last, the first again. */
  testPatients: Array<{ patientId: string; sessions: Headers[] }>;
  /** The test result every pregnancy-test request records (dated today). */
  testBody: Record<string, unknown>;
  /** Sessions of the prescribers and delegates who read their worklist, taken in turn. */
  readers: Headers[];
  worklistPath: string;
}

/** The functions are properties, not methods: the phase loop is handed them on their own (no `this`). */
export interface MixedLoad {
  operation: (n: number) => Promise<string>;
  isSuccess: (outcome: string) => boolean;
  /** Operations of each kind started so far (warm-up included). */
  started: Record<MixedKind, number>;
  /** The fresh prescriptions ran out: an error, and the end of the phase (the loop checks it). */
  exhausted: () => boolean;
  /** The first few failures: operation, status, path and the answer's body (or the network error). */
  failures: string[];
}

const JSON_TYPE = { 'content-type': 'application/json' };

/** The operations of the mix over the prepared work; one load serves the warm-up and the measured run. */
export function mixedLoad(work: MixedWork): MixedLoad {
  const json = (headers: Headers): Headers => ({ ...headers, ...JSON_TYPE });
  const authorizations = work.targets.map((target) => ({
    body: Buffer.from(JSON.stringify({ programId: target.programId, birthDate: target.birthDate, prescriptionId: target.prescriptionId })),
  }));
  const pharmacists = work.pharmacists.map(json);
  const testBody = Buffer.from(JSON.stringify(work.testBody));
  const tests = work.testPatients.map((patient) => ({
    path: `/api/v1/patients/${patient.patientId}/pregnancy-tests`,
    sessions: patient.sessions.map(json),
  }));
  if (pharmacists.length === 0 || tests.length === 0 || work.readers.length === 0) {
    throw new Error('mixed load: no sessions or no test patients');
  }
  const started: Record<MixedKind, number> = { authorization: 0, pregnancyTest: 0, worklistRead: 0 };
  const failures: string[] = [];

  const request = (kind: MixedKind, k: number): { method: string; path: string; headers: Headers; body?: Buffer } => {
    if (kind === 'authorization') {
      const authorization = authorizations[k];
      if (authorization === undefined) {
        throw new Error(`no fresh prescription left (${authorizations.length} prepared)`);
      }
      return { method: 'POST', path: '/api/v1/authorizations', headers: pharmacists[k % pharmacists.length] as Headers, body: authorization.body };
    }
    if (kind === 'pregnancyTest') {
      const test = tests[k % tests.length] as (typeof tests)[number];
      return { method: 'POST', path: test.path, headers: test.sessions[k % test.sessions.length] as Headers, body: testBody };
    }
    return { method: 'GET', path: work.worklistPath, headers: work.readers[k % work.readers.length] as Headers };
  };

  return {
    started,
    failures,
    exhausted: () => started.authorization > authorizations.length,
    isSuccess: (outcome) => SUCCESS.has(outcome),
    operation: async (n) => {
      const kind = kindOf(n);
      const k = started[kind];
      started[kind] = k + 1;
      let path = '';
      try {
        const next = request(kind, k);
        path = next.path;
        const { status, body } = await work.http.expect(EXPECTED[kind], next.method, next.path, next.headers, next.body);
        if (status !== EXPECTED[kind] && failures.length < 5) {
          failures.push(`${kind} ${status} ${next.method} ${path}: ${body.slice(0, 600)}`);
        }
        return `${kind} ${status}`;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (failures.length < 5) {
          failures.push(`${kind}${path === '' ? '' : ` ${path}`}: ${message}`);
        }
        return `${kind} error: ${message.slice(0, 80)}`;
      }
    },
  };
}

/** The measured run's operations of each kind, as phases of their own (same duration; no CPU or memory figures). */
export function splitByKind(result: PhaseResult): Record<MixedKind, PhaseResult> {
  const latencies: Record<MixedKind, number[]> = { authorization: [], pregnancyTest: [], worklistRead: [] };
  result.latenciesMs.forEach((ms, n) => latencies[kindOf(n)].push(ms));
  const split = {} as Record<MixedKind, PhaseResult>;
  for (const kind of MIXED_KINDS) {
    const outcomes = Object.fromEntries(Object.entries(result.outcomes).filter(([outcome]) => outcome.startsWith(`${kind} `)));
    split[kind] = {
      requests: latencies[kind].length,
      errors: Object.entries(outcomes).reduce((sum, [outcome, count]) => sum + (SUCCESS.has(outcome) ? 0 : count), 0),
      outcomes,
      seconds: result.seconds,
      latenciesMs: Float64Array.from(latencies[kind]),
      cpu: null,
      dbCpuMs: null,
      memory: null,
    };
  }
  return split;
}
