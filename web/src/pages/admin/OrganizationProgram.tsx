// An organization's program (issue 14, item 4): its jurisdiction, the rule set in force today and
// its key, every parameter with its value, the document's default and the organization's own
// setting in force (source, effective day, who and when), and the forms that set the jurisdiction
// and record a setting. The server checks everything and names the field it refuses.
import { useState } from 'react';
import { api } from '../../api';
import { FormProblem, isoDate, required, SelectField, SubmitButton, TextField, useForm } from '../../components/forms';
import { Await, useLoad } from '../../components/status';
import { formatDate, formatMoment, todayIn } from '../../dates';

export type ProgramValue = number | boolean | string | null;

export interface OrganizationProgramView {
  id: string;
  jurisdiction: string | null;
  asOf: string;
  ruleSet: { id: string; key: string } | null;
  parameters: Array<{
    key: string;
    kind: string;
    description: string;
    value: ProgramValue;
    default: ProgramValue;
    override: { value: ProgramValue; source: string; effectiveFrom: string; recordedBy: string | null; recordedAt: string } | null;
  }>;
  settableKeys: string[];
  settings: Array<{ key: string; value: ProgramValue; effectiveFrom: string; source: string; recordedBy: string | null; recordedAt: string }>;
}

/** The jurisdictions the server knows (src/domain/programs/jurisdictions.ts). */
export const JURISDICTION_OPTIONS: ReadonlyArray<readonly [string, string]> = [
  ['', 'Not configured'],
  ['US', 'United States (iPLEDGE REMS)'],
  ['EU', 'European Union (PPP)'],
  ['EU-IT', 'European Union — Italy'],
  ['EU-FI', 'European Union — Finland'],
  ['GB', 'United Kingdom (MHRA)'],
  ['CA', 'Canada'],
  ...['ACT', 'NSW', 'NT', 'QLD', 'SA', 'TAS', 'VIC', 'WA'].map((state) => [`AU-${state}`, `Australia — ${state}`] as const),
];

export function showValue(value: ProgramValue | undefined): string {
  return value === null || value === undefined ? 'none' : typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
}

/** What the admin typed, as the JSON value the server checks: none → null, yes/true → true, digits → a number. */
function parseValue(text: string): ProgramValue {
  const trimmed = text.trim();
  if (trimmed === '' || /^none$/i.test(trimmed)) {
    return null;
  }
  if (/^(true|yes)$/i.test(trimmed)) {
    return true;
  }
  if (/^(false|no)$/i.test(trimmed)) {
    return false;
  }
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** The overrides in force, in a sentence: for the staff's status and the admin's card. */
export function overridesSummary(program: OrganizationProgramView): string {
  const overrides = program.parameters.filter((parameter) => parameter.override !== null);
  return overrides.length === 0
    ? "No override: the documents' values."
    : `Overrides in force: ${overrides.map((parameter) => `${parameter.key} = ${showValue(parameter.value)} (default ${showValue(parameter.default)}; ${parameter.override?.source ?? ''}, from ${formatDate(parameter.override?.effectiveFrom ?? program.asOf)})`).join('; ')}.`;
}

export function OrganizationProgram({ organizationId, name, timeZone }: { organizationId: string; name: string; timeZone: string }) {
  const program = useLoad(() => api.get<OrganizationProgramView>(`/organizations/${organizationId}/program`), [organizationId]);
  return (
    <Await loaded={program} what="program">
      {(view) => (
        <div className="admin-program">
          <p>
            {view.ruleSet === null ? (
              <span className="badge badge-urgent">Not configured: no program judges this organization's events</span>
            ) : (
              <>
                Rule set in force today ({formatDate(view.asOf)}): <strong>{view.ruleSet.key}</strong>
              </>
            )}
          </p>
          <JurisdictionForm organizationId={organizationId} name={name} current={view.jurisdiction} onChanged={program.reload} />
          {view.parameters.length === 0 ? null : (
            <div className="table-scroll" role="region" aria-label={`Program parameters of ${name}`} tabIndex={0}>
              <table className="admin-parameters">
                <caption>Parameters in force today</caption>
                <thead>
                  <tr>
                    <th scope="col">Parameter</th>
                    <th scope="col">Value</th>
                    <th scope="col">Document's default</th>
                    <th scope="col">Override</th>
                  </tr>
                </thead>
                <tbody>
                  {view.parameters.map((parameter) => (
                    <tr key={parameter.key}>
                      <th scope="row" title={parameter.description}>
                        {parameter.key}
                      </th>
                      <td>{showValue(parameter.value)}</td>
                      <td>{showValue(parameter.default)}</td>
                      <td>
                        {parameter.override === null
                          ? '—'
                          : `${parameter.override.source}, from ${formatDate(parameter.override.effectiveFrom)} (${parameter.override.recordedBy ?? 'unknown'}, ${formatMoment(parameter.override.recordedAt, timeZone)})`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {view.settableKeys.length === 0 ? null : (
            <SettingForm organizationId={organizationId} name={name} keys={view.settableKeys} timeZone={timeZone} onRecorded={program.reload} />
          )}
          {view.settings.some((setting) => setting.effectiveFrom > view.asOf) ? (
            <p className="hint">
              Scheduled:{' '}
              {view.settings
                .filter((setting) => setting.effectiveFrom > view.asOf)
                .map((setting) => `${setting.key} = ${showValue(setting.value)} from ${formatDate(setting.effectiveFrom)}`)
                .join('; ')}
            </p>
          ) : null}
        </div>
      )}
    </Await>
  );
}

function JurisdictionForm({
  organizationId,
  name,
  current,
  onChanged,
}: {
  organizationId: string;
  name: string;
  current: string | null;
  onChanged: () => void;
}) {
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm({ jurisdiction: current ?? '' }, { jurisdiction: [required] }, async (values) => {
    setSaved(null);
    const result = await api.post<OrganizationProgramView>(`/organizations/${organizationId}/jurisdiction`, values);
    setSaved(
      `Jurisdiction ${result.jurisdiction ?? ''} saved; rule set today ${result.ruleSet?.key ?? 'none'}. Past decisions keep the rule set they were made under.`,
    );
    onChanged();
  });
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label={`Jurisdiction of ${name}`}>
      <SelectField
        form={form}
        name="jurisdiction"
        label="Jurisdiction"
        options={JURISDICTION_OPTIONS}
        hint="The program that judges this organization's events from now on."
      />
      <FormProblem error={form.serverError} />
      <SubmitButton busy={form.busy}>Save jurisdiction</SubmitButton>
      <p role="status" className={saved === null ? 'admin-visually-hidden' : 'success'}>
        {saved ?? ''}
      </p>
    </form>
  );
}

function SettingForm({
  organizationId,
  name,
  keys,
  timeZone,
  onRecorded,
}: {
  organizationId: string;
  name: string;
  keys: string[];
  timeZone: string;
  onRecorded: () => void;
}) {
  const [recorded, setRecorded] = useState<string | null>(null);
  const form = useForm(
    { key: keys[0] ?? '', value: '', effectiveFrom: todayIn(timeZone), source: '' },
    { key: [required], value: [required], effectiveFrom: [required, isoDate], source: [required] },
    async (values, { set }) => {
      setRecorded(null);
      await api.post<OrganizationProgramView>(`/organizations/${organizationId}/program-settings`, {
        key: values.key,
        value: parseValue(values.value),
        effectiveFrom: values.effectiveFrom,
        source: values.source.trim(),
      });
      setRecorded(`${values.key} = ${values.value.trim()} from ${formatDate(values.effectiveFrom)} recorded for ${name}.`);
      set('value', '');
      onRecorded();
    },
  );
  return (
    <details className="admin-details">
      <summary>Set a parameter</summary>
      <form onSubmit={(event) => void form.submit(event)} noValidate aria-label={`Program parameter of ${name}`}>
        <SelectField form={form} name="key" label="Parameter" options={keys.map((key) => [key, key] as const)} />
        <TextField
          form={form}
          name="value"
          label="Value"
          autoComplete="off"
          spellCheck={false}
          hint="Days or a number, yes or no, a date (YYYY-MM-DD), one of the parameter's choices, or none."
        />
        <TextField form={form} name="effectiveFrom" label="Effective from" type="date" hint="Events on or after this day are judged by it." />
        <TextField form={form} name="source" label="Source document" autoComplete="off" hint="The document the value comes from: its title, version or date." />
        <FormProblem error={form.serverError} />
        <SubmitButton busy={form.busy} busyText="Recording…">
          Record setting
        </SubmitButton>
        <p role="status" className={recorded === null ? 'admin-visually-hidden' : 'success'}>
          {recorded ?? ''}
        </p>
      </form>
    </details>
  );
}
