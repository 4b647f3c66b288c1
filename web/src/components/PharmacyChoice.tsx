// The pharmacy a patient uses (issue 10): "Your pharmacy: X (change)" on her to-do page, and on the
// care team's patient page; and the enrollment form's select, prefilled with the pharmacy most of
// the practice's patients use (or the only certified one) — her choice of shop, shown and
// changeable, not a clinical result. Prescriptions name the pharmacy of the day they are written.
import { useEffect, useId, useState } from 'react';
import { api, ApiError } from '../api';
import type { PatientPharmacy, UsualPharmacy } from '../apiTypes';
import { useWords } from '../i18n/I18n';
import { FormProblem, SelectField, type FormState } from './forms';

export function PharmacyChoice({ patientId, who }: { patientId: string; who: 'patient' | 'careTeam' }) {
  const [current, setCurrent] = useState<PatientPharmacy | null>(null);
  const [changing, setChanging] = useState(false);
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const selectId = useId();
  const { t } = useWords();
  const yours = who === 'patient';

  useEffect(() => {
    let live = true;
    api
      .get<PatientPharmacy>(`/patients/${encodeURIComponent(patientId)}/pharmacy`)
      .then((answer) => {
        if (live) {
          setCurrent(answer);
        }
      })
      .catch(() => {
        // Not shown rather than a broken line: the rest of the page does not depend on it.
      });
    return () => {
      live = false;
    };
  }, [patientId]);

  if (current === null) {
    return null;
  }
  const label = yours ? t('pharmacyChoice.yours') : t('pharmacyChoice.theirs');

  async function save(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      setCurrent(await api.post<PatientPharmacy>(`/patients/${encodeURIComponent(patientId)}/pharmacy`, { pharmacyId: chosen }));
      setChanging(false);
    } catch (caught) {
      if (!(caught instanceof ApiError)) {
        throw caught;
      }
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="pharmacy-choice">
      <p>
        {label}: <strong>{current.pharmacy?.name ?? t('pharmacyChoice.notChosen')}</strong>{' '}
        {changing ? null : (
          <button
            type="button"
            className="link-button"
            aria-label={
              current.pharmacy === null
                ? t(yours ? 'pharmacyChoice.chooseYours' : 'pharmacyChoice.chooseTheirs')
                : t(yours ? 'pharmacyChoice.changeYours' : 'pharmacyChoice.changeTheirs')
            }
            onClick={() => {
              setChosen(current.pharmacy?.id ?? current.choices[0]?.id ?? '');
              setChanging(true);
            }}
          >
            {current.pharmacy === null ? t('pharmacyChoice.choose') : t('pharmacyChoice.change')}
          </button>
        )}
      </p>
      {changing ? (
        <form
          aria-label={t(yours ? 'pharmacyChoice.chooseYours' : 'pharmacyChoice.chooseTheirs')}
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <label htmlFor={selectId}>{t('pharmacyChoice.pharmacy')}</label>{' '}
          <select
            id={selectId}
            value={chosen}
            onChange={(event) => {
              setChosen(event.target.value);
            }}
          >
            {current.choices.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.name}
              </option>
            ))}
          </select>{' '}
          <button type="submit" className="primary" disabled={busy || chosen === ''} aria-busy={busy}>
            {t('pharmacyChoice.save')}
          </button>{' '}
          <button
            type="button"
            onClick={() => {
              setChanging(false);
            }}
          >
            {t('pharmacyChoice.cancel')}
          </button>
          <p className="hint">{t('pharmacyChoice.hint')}</p>
          <FormProblem error={error} />
        </form>
      ) : null}
    </div>
  );
}

/**
 * The enrollment form's pharmacy select: prefilled, once loaded, with the practice's usual
 * certified pharmacy (or the only one), unless something was chosen meanwhile.
 */
export function EnrollmentPharmacySelect<Name extends string>({ form, name }: { form: FormState<Name>; name: Name }) {
  const [usual, setUsual] = useState<UsualPharmacy | null>(null);
  const { t } = useWords();
  useEffect(() => {
    let live = true;
    api
      .get<UsualPharmacy>('/pharmacies/usual')
      .then((answer) => {
        if (!live) {
          return;
        }
        setUsual(answer);
        if (answer.pharmacy !== null && form.values[name] === '') {
          form.set(name, answer.pharmacy.id);
        }
      })
      .catch(() => {
        setUsual({ pharmacy: null, patients: 0, choices: [] });
      });
    return () => {
      live = false;
    };
    // Loaded once per form.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const choices = usual?.choices ?? [];
  return (
    <SelectField
      form={form}
      name={name}
      label={t('pharmacyChoice.enrollLabel')}
      options={[['', t('pharmacyChoice.enrollNotChosen')], ...choices.map((choice) => [choice.id, choice.name] as const)]}
      hint={
        usual !== null && usual.pharmacy !== null
          ? usual.patients > 0
            ? t('pharmacyChoice.enrollUsual')
            : t('pharmacyChoice.enrollOnly')
          : t('pharmacyChoice.enrollLater')
      }
    />
  );
}
