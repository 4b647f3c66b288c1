// The administrator's home page: every account with its role, organization, supervising
// prescriber (delegates) and certification (prescribers); creating a staff account; recording a
// prescriber's certification.
import { useState } from 'react';
import { api } from '../../api';
import {
  FormProblem,
  maxLength,
  required,
  SelectField,
  SubmitButton,
  TextField,
  useForm,
  type Validator,
  type CrossFieldValidator,
} from '../../components/forms';
import { Await, useLoad } from '../../components/status';
import { useMe } from '../../session';
import { CertificationForm, CertificationSummary } from './Certification';
import { clinicTimeZone, NPI_PATTERN, ROLE_LABELS, type Organization, type StaffRole, type User } from './adminTypes';
import './admin.css';

interface Directory {
  users: User[];
  organizations: Organization[];
}

export function UsersPage() {
  const directory = useLoad<Directory>(async () => {
    const [users, organizations] = await Promise.all([api.get<User[]>('/users'), api.get<Organization[]>('/organizations')]);
    return { users, organizations };
  }, []);
  return (
    <section className="admin-page" aria-labelledby="users-title">
      <h1 id="users-title">Users and roles</h1>
      <Await loaded={directory} what="accounts">
        {({ users, organizations }) => (
          <>
            <UserTable users={users} organizations={organizations} />
            <div className="admin-columns">
              <NewUserForm users={users} organizations={organizations} onCreated={directory.reload} />
              <PrescriberCertification users={users} onRecorded={directory.reload} />
            </div>
          </>
        )}
      </Await>
    </section>
  );
}

function UserTable({ users, organizations }: Directory) {
  const organizationName = new Map(organizations.map((organization) => [organization.id, organization.name]));
  const userName = new Map(users.map((user) => [user.id, user.displayName]));
  // Patients get their accounts at enrollment; connected systems are on their own page.
  const staff = users.filter((user) => user.role !== 'patient' && user.role !== 'client');
  const patients = users.filter((user) => user.role === 'patient').length;
  return (
    <div className="card">
      <h2>Accounts</h2>
      <p className="hint">
        {staff.length} staff accounts{patients > 0 ? ` and ${patients} patient accounts (created at enrollment, not listed)` : ''}.
      </p>
      <div className="table-scroll" role="region" aria-label="Staff accounts" tabIndex={0}>
        <table className="admin-users">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Organization</th>
              <th scope="col">NPI</th>
              <th scope="col">Certification or supervisor</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((user) => (
              <tr key={user.id}>
                <th scope="row">{user.displayName}</th>
                <td className="admin-email">{user.email}</td>
                <td>{ROLE_LABELS[user.role]}</td>
                <td>{user.organizationId === null ? '—' : (organizationName.get(user.organizationId) ?? 'Unknown')}</td>
                <td className="admin-id">{user.role === 'prescriber' ? (user.npi ?? 'Not recorded') : '—'}</td>
                <td>
                  {user.role === 'prescriber' ? <CertificationSummary current={user.certification} next={user.nextCertification} /> : null}
                  {user.role === 'delegate' && user.supervisingPrescriberId !== null ? (
                    <>Works for {userName.get(user.supervisingPrescriberId) ?? 'an unknown prescriber'}</>
                  ) : null}
                  {user.role === 'admin' || user.role === 'pharmacist' ? '—' : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

const ROLE_OPTIONS: ReadonlyArray<readonly [StaffRole, string]> = [
  ['prescriber', 'Prescriber'],
  ['delegate', 'Delegate (records for a prescriber)'],
  ['pharmacist', 'Pharmacist'],
  ['admin', 'Administrator'],
];

const emailAddress: Validator = (value) => (value === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? undefined : 'An email address, like name@example.org.');
const npi: Validator = (value) => (value.trim() === '' || NPI_PATTERN.test(value.trim()) ? undefined : 'An NPI is 10 digits.');
const longPassword: Validator = (value) => (value === '' || value.length >= 12 ? undefined : 'At least 12 characters.');

function NewUserForm({ users, organizations, onCreated }: Directory & { onCreated: () => void }) {
  const [created, setCreated] = useState<string | null>(null);
  // The organization and supervisor checks depend on the role chosen, read from the form's values.
  const needsOrganization: CrossFieldValidator<'role'> = (value, { role }) =>
    role !== 'admin' && value === '' ? `A ${role} belongs to ${role === 'pharmacist' ? 'a pharmacy' : 'a practice'}.` : undefined;
  const needsSupervisor: CrossFieldValidator<'role'> = (value, { role }) =>
    role === 'delegate' && value === '' ? 'A delegate records for one prescriber.' : undefined;
  const form = useForm(
    { displayName: '', email: '', role: 'prescriber', organizationId: '', supervisingPrescriberId: '', npi: '', password: '' },
    {
      displayName: [required, maxLength(200)],
      email: [required, emailAddress, maxLength(254)],
      role: [required],
      organizationId: [needsOrganization],
      supervisingPrescriberId: [needsSupervisor],
      npi: [npi],
      password: [required, longPassword, maxLength(200)],
    },
    async (values, { reset }) => {
      setCreated(null);
      const chosen = values.role as StaffRole;
      const user = await api.post<User>('/users', {
        email: values.email.trim(),
        password: values.password,
        displayName: values.displayName.trim(),
        role: chosen,
        ...(chosen === 'admin' ? {} : { organizationId: values.organizationId }),
        ...(chosen === 'delegate' ? { supervisingPrescriberId: values.supervisingPrescriberId } : {}),
        ...(chosen === 'prescriber' && values.npi.trim() !== '' ? { npi: values.npi.trim() } : {}),
      });
      reset();
      setCreated(`${user.displayName} (${ROLE_LABELS[user.role]}) can now log in as ${user.email}.`);
      onCreated();
    },
  );
  const role = form.values.role as StaffRole;
  const kind = role === 'pharmacist' ? 'pharmacy' : 'practice';
  const organizationOptions: Array<readonly [string, string]> = [
    ['', `Choose a ${kind}…`],
    ...organizations.filter((organization) => organization.kind === kind).map((organization) => [organization.id, organization.name] as const),
  ];
  const prescriberOptions: Array<readonly [string, string]> = [
    ['', 'Choose a prescriber…'],
    ...users
      .filter((user) => user.role === 'prescriber' && (form.values.organizationId === '' || user.organizationId === form.values.organizationId))
      .map((user) => [user.id, user.displayName] as const),
  ];
  return (
    <div className="card">
      <h2 id="new-user-title">Create a staff account</h2>
      <p className="hint">Patients get their account when they are enrolled.</p>
      <form onSubmit={(event) => void form.submit(event)} noValidate aria-labelledby="new-user-title">
        <TextField form={form} name="displayName" label="Name" autoComplete="off" />
        <TextField form={form} name="email" label="Email" type="email" autoComplete="off" />
        <SelectField
          form={form}
          name="role"
          label="Role"
          options={ROLE_OPTIONS}
          onChange={(event) => {
            form.set('role', event.target.value);
            // The organization of another kind no longer fits the new role.
            form.set('organizationId', '');
            form.set('supervisingPrescriberId', '');
            form.set('npi', '');
          }}
        />
        {role === 'admin' ? null : (
          <SelectField form={form} name="organizationId" label={kind === 'pharmacy' ? 'Pharmacy' : 'Practice'} options={organizationOptions} />
        )}
        {role === 'delegate' ? (
          <SelectField
            form={form}
            name="supervisingPrescriberId"
            label="Supervising prescriber"
            options={prescriberOptions}
            hint="The delegate records facts for this prescriber's patients."
          />
        ) : null}
        {role === 'prescriber' ? (
          <TextField
            form={form}
            name="npi"
            label="NPI (optional)"
            inputMode="numeric"
            autoComplete="off"
            hint="10 digits. How the practice's EHR names this prescriber in its messages."
          />
        ) : null}
        <TextField
          form={form}
          name="password"
          label="First password"
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters. Give it to the person in a safe way."
        />
        <FormProblem error={form.serverError} />
        <SubmitButton busy={form.busy} busyText="Creating…">
          Create account
        </SubmitButton>
        <p role="status" className={created === null ? 'admin-visually-hidden' : 'success'}>
          {created ?? ''}
        </p>
      </form>
    </div>
  );
}

function PrescriberCertification({ users, onRecorded }: { users: User[]; onRecorded: () => void }) {
  const me = useMe();
  const prescribers = users.filter((user) => user.role === 'prescriber');
  const [chosen, setChosen] = useState(prescribers[0]?.id ?? '');
  const prescriber = prescribers.find((user) => user.id === chosen);
  return (
    <div className="card">
      <h2>Prescriber certification and NPI</h2>
      <p className="hint">A prescriber can counsel and prescribe only while certified in the program.</p>
      {prescribers.length === 0 ? (
        <p>No prescriber accounts yet.</p>
      ) : (
        <>
          <div className="field">
            <label htmlFor="certification-prescriber">Prescriber</label>
            <select
              id="certification-prescriber"
              value={chosen}
              onChange={(event) => {
                setChosen(event.target.value);
              }}
            >
              {prescribers.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.displayName}
                </option>
              ))}
            </select>
          </div>
          {prescriber === undefined ? null : (
            <>
              <p>
                Now: <CertificationSummary current={prescriber.certification} next={prescriber.nextCertification} />
              </p>
              <CertificationForm
                key={prescriber.id}
                path={`/users/${prescriber.id}/certifications`}
                subject={prescriber.displayName}
                timeZone={clinicTimeZone(me)}
                onRecorded={onRecorded}
              />
              <PrescriberNpi key={`npi-${prescriber.id}`} prescriber={prescriber} onRecorded={onRecorded} />
            </>
          )}
        </>
      )}
    </div>
  );
}

/** The NPI of the prescriber chosen above: recorded or changed in one field. */
function PrescriberNpi({ prescriber, onRecorded }: { prescriber: User; onRecorded: () => void }) {
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm({ npi: prescriber.npi ?? '' }, { npi: [required, npi] }, async (values) => {
    setSaved(null);
    const answer = await api.post<{ displayName: string; npi: string }>(`/users/${prescriber.id}/npi`, { npi: values.npi.trim() });
    setSaved(`${answer.displayName}'s NPI is ${answer.npi}.`);
    onRecorded();
  });
  return (
    <form className="admin-npi-form" onSubmit={(event) => void form.submit(event)} noValidate aria-label={`NPI of ${prescriber.displayName}`}>
      <TextField
        form={form}
        name="npi"
        label="NPI"
        inputMode="numeric"
        autoComplete="off"
        hint={
          (prescriber.npi ?? null) === null
            ? 'Not recorded yet. 10 digits; the EHR names the prescriber by it.'
            : '10 digits; the EHR names the prescriber by it.'
        }
      />
      <FormProblem error={form.serverError} />
      <SubmitButton busy={form.busy}>Save NPI</SubmitButton>
      <p role="status" className={saved === null ? 'admin-visually-hidden' : 'success'}>
        {saved ?? ''}
      </p>
    </form>
  );
}
