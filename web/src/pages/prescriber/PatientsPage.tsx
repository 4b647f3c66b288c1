// The care team's patients, a page at a time, with a filter by name or program ID over what is
// loaded (the whole list for most practices: a page holds 100).
import { useEffect, useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, asApiError, type ApiError } from '../../api';
import type { PatientListRow } from '../../apiTypes';
import { StateBadge } from '../../components/stateWords';
import { LoadFailed, Loading } from '../../components/status';
import { ageOn, formatDate, todayIn } from '../../dates';
import { useClinicTimeZone, useMe } from '../../session';
import './prescriber.css';

const PAGE = 100;

export function PatientsPage() {
  const me = useMe();
  const filterId = useId();
  const [patients, setPatients] = useState<PatientListRow[]>([]);
  const [more, setMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const [filter, setFilter] = useState('');

  // Fetches a page; `loading` starts true, and loadPage (from a click) sets it again before fetching.
  const fetchPage = (offset: number) =>
    api
      .get<PatientListRow[]>(`/patients?limit=${PAGE}&offset=${offset}`)
      .then((page) => {
        setPatients((current) => (offset === 0 ? page : [...current, ...page]));
        setMore(page.length === PAGE);
      })
      .catch((caught: unknown) => {
        setError(asApiError(caught));
      })
      .finally(() => {
        setLoading(false);
      });
  const loadPage = (offset: number) => {
    setLoading(true);
    setError(null);
    void fetchPage(offset);
  };

  useEffect(() => {
    void fetchPage(0);
  }, []);

  const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const shown = patients.filter((patient) => {
    const text = `${patient.givenName} ${patient.familyName} ${patient.programId}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
  const today = todayIn(useClinicTimeZone());

  return (
    <section aria-labelledby="patients-title">
      <div className="rx-page-head">
        <h1 id="patients-title">Patients</h1>
        {me.role === 'prescriber' ? (
          <Link className="button rx-primary-link" to="/patients/new">
            Enroll a patient
          </Link>
        ) : null}
      </div>
      <div className="field rx-filter-field">
        <label htmlFor={filterId}>Filter by name or program ID</label>
        <input
          id={filterId}
          type="search"
          value={filter}
          onChange={(event) => {
            setFilter(event.target.value);
          }}
          autoComplete="off"
        />
      </div>
      {error !== null ? (
        <LoadFailed
          error={error}
          retry={() => {
            loadPage(0);
          }}
        />
      ) : null}
      {loading && patients.length === 0 ? <Loading what="patients" /> : null}
      {!loading || patients.length > 0 ? (
        <p className="hint" role="status">
          {patients.length === 0 && !loading
            ? 'No patients yet.'
            : words.length === 0
              ? `${patients.length}${more ? '+' : ''} patients.`
              : `${shown.length} of ${patients.length}${more ? '+' : ''} patients match “${filter.trim()}”.`}
        </p>
      ) : null}
      {patients.length === 0 && !loading && error === null ? (
        <div className="card rx-empty-state">
          <p>No patient is enrolled with {me.role === 'delegate' ? 'your prescriber' : 'you'} yet.</p>
          {me.role === 'prescriber' ? (
            <p>
              <Link to="/patients/new">Enroll the first patient</Link>
            </p>
          ) : null}
        </div>
      ) : null}
      {shown.length > 0 ? (
        <div className="table-scroll">
          <table className="rx-patients-table">
            <caption className="visually-hidden">Patients</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Program ID</th>
                <th scope="col">Date of birth</th>
                <th scope="col">Where things stand</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((patient) => (
                <tr key={patient.id}>
                  <td>
                    <Link to={`/patients/${patient.id}`}>
                      {patient.familyName}, {patient.givenName}
                    </Link>
                  </td>
                  <td>
                    <code>{patient.programId}</code>
                  </td>
                  <td>
                    {formatDate(patient.birthDate)} <span className="rx-muted">({ageOn(patient.birthDate, today)} y)</span>
                  </td>
                  <td className="rx-patient-summary">
                    {patient.summary === null ? (
                      <span className="rx-muted">Not derived yet</span>
                    ) : (
                      <>
                        <StateBadge summary={patient.summary} /> <span>{patient.summary.headline}</span>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {more ? (
        <p>
          <button
            type="button"
            onClick={() => {
              loadPage(patients.length);
            }}
            disabled={loading}
            aria-busy={loading}
          >
            {loading ? 'Loading more…' : 'Load more patients'}
          </button>
        </p>
      ) : null}
    </section>
  );
}
