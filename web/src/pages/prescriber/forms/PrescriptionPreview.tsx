// What a prescription would give, before it is written (issue 10): mg/kg/day on the weight the
// course is dosed on, the cumulative dose at the end of its supply and the projected date the
// target is reached — computed by the server (GET /patients/{id}/prescription-preview), never here.
// Absorica LD shows its conventional equivalent beside both (×1.25, domain.md §3.3).
import { useEffect, useState } from 'react';
import { api } from '../../../api';
import type { PrescriptionPreview as Preview } from '../../../apiTypes';
import { ReasonList } from '../../../components/reasons';
import { formatDate } from '../../../dates';

export interface PreviewTerms {
  product: string;
  strengthMg: string;
  capsulesPerDay: string;
  daysSupply: string;
}

const WHOLE = /^[1-9][0-9]*$/;

function complete(terms: PreviewTerms): boolean {
  return (
    terms.product !== '' &&
    WHOLE.test(terms.strengthMg) &&
    /^(?:[1-9]|10)$/.test(terms.capsulesPerDay) &&
    WHOLE.test(terms.daysSupply) &&
    Number(terms.daysSupply) <= 365
  );
}

export function PrescriptionPreview({ patientId, terms }: { patientId: string; terms: PreviewTerms }) {
  // Each answer is kept with the terms it was asked for, and shown only while those are the terms
  // on screen: a dose worked out for other figures is never shown beside these.
  const [answer, setAnswer] = useState<{ query: string; preview: Preview | null; failed: boolean } | null>(null);
  const { product, strengthMg, capsulesPerDay, daysSupply } = terms;
  const query = new URLSearchParams({ product, strengthMg, capsulesPerDay, daysSupply }).toString();
  const shown = answer?.query === query ? answer : null;
  const preview = shown?.preview ?? null;
  const failed = shown?.failed ?? false;
  useEffect(() => {
    if (!complete({ product, strengthMg, capsulesPerDay, daysSupply })) {
      return undefined;
    }
    let current = true;
    // Asked once the figures stop changing, not on every keystroke.
    const timer = setTimeout(() => {
      api
        .get<Preview>(`/patients/${encodeURIComponent(patientId)}/prescription-preview?${query}`)
        .then((received) => {
          if (current) {
            setAnswer({ query, preview: received, failed: false });
          }
        })
        .catch(() => {
          if (current) {
            setAnswer({ query, preview: null, failed: true });
          }
        });
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [patientId, query, product, strengthMg, capsulesPerDay, daysSupply]);

  if (!complete(terms)) {
    return null;
  }
  if (preview === null) {
    return (
      <p className="hint rx-preview" aria-live="polite">
        {failed ? 'The dose preview could not be loaded; the prescription is still checked when it is written.' : 'Working out the dose…'}
      </p>
    );
  }
  const ld = preview.conventionalEquivalent;
  return (
    <div className="rx-preview" aria-live="polite" data-testid="prescription-preview">
      <p>
        <strong>Daily dose: {preview.dailyMg} mg</strong>
        {ld !== null ? <> (Absorica LD; conventional equivalent {ld.dailyMg} mg)</> : null}
        {preview.mgPerKgPerDay !== null && preview.weight !== null ? (
          <>
            {' '}
            = <strong>{preview.mgPerKgPerDay.toFixed(2)} mg/kg/day</strong>
            {ld !== null && ld.mgPerKgPerDay !== null ? <> ({ld.mgPerKgPerDay.toFixed(2)} mg/kg/day conventional equivalent)</> : null} at {preview.weight.kg}{' '}
            kg ({preview.weight.basis === 'latest' ? 'latest weight' : 'weight at the start of the course'}, {formatDate(preview.weight.measuredOn)}).
          </>
        ) : (
          '.'
        )}
      </p>
      {preview.missing !== null ? (
        <p>{preview.missing}</p>
      ) : (
        <p>
          At the end of this supply ({formatDate(preview.supply.from)} to {formatDate(preview.supply.to)}): cumulative{' '}
          <strong>
            {preview.cumulativeMgPerKgAtEnd?.toFixed(1)} mg/kg{ld !== null ? ' conventional equivalent' : ''}
          </strong>
          {preview.cumulativeAsDispensedMgPerKgAtEnd !== null ? <> ({preview.cumulativeAsDispensedMgPerKgAtEnd.toFixed(1)} mg/kg as Absorica LD)</> : null} of
          the {preview.targetMgPerKg} mg/kg target
          {preview.targetReachedOn !== null
            ? `, reached on ${formatDate(preview.targetReachedOn)}.`
            : preview.projectedTargetDate !== null
              ? `; at this dose the target is reached about ${formatDate(preview.projectedTargetDate)}.`
              : '.'}
        </p>
      )}
      <ReasonList reasons={preview.reasons} />
      <ReasonList reasons={preview.warnings} tone="warning" />
    </div>
  );
}
