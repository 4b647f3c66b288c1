// The care team's home page: what to do now, triaged (issue 10 §6) — urgent alerts and holds, what
// blocks a fill this week, what is due soon, routine follow-up such as labs — with counts, a search
// box (patient, program ID, or a code or rule ID), filters by group and kind, and on each card the
// button that opens the right form on the patient's page. Routine items can be snoozed to a day.
// Plain words first; codes and rule IDs stay on the card, small, for search. A delegate sees their
// prescriber's list.
import { useId, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { api, asApiError, type ApiError } from '../../api';
import type { Worklist, WorklistEntry, WorklistForm, WorklistGroup, WorklistItem } from '../../apiTypes';
import { FormProblem, isoDate, notAfter, notBefore, required, SubmitButton, TextField, useForm } from '../../components/forms';
import { Await, useLoad } from '../../components/status';
import { StateBadge } from '../../components/stateWords';
import { addDays, daysBetween, formatDate } from '../../dates';
import { useMe } from '../../session';
import './prescriber.css';

const GROUP_WORDS: Record<WorklistGroup, { title: string; hint: string }> = {
  urgent: { title: 'Urgent alerts', hint: 'Alerts to act on today and pregnancy holds.' },
  blocksFill: { title: 'Blocks a fill this week', hint: 'Windows closing, supplies running out, windows missed.' },
  dueSoon: { title: 'Due soon', hint: 'Pick-ups, warnings to acknowledge, end-of-course pregnancy tests.' },
  routine: { title: 'Routine', hint: 'Lab checks; these can be snoozed to a later day.' },
};
const GROUP_ORDER: readonly WorklistGroup[] = ['urgent', 'blocksFill', 'dueSoon', 'routine'];

/** Where each kind of item is done on the patient's page, and the button's words. */
const FORM_TARGETS: Record<WorklistForm, { hash: string; label: string; kind: string }> = {
  monthlyVisit: { hash: 'monthly-visit', label: 'Open the monthly visit', kind: 'Monthly visit' },
  pregnancyTest: { hash: 'action-test', label: 'Record the pregnancy test', kind: 'Pregnancy test' },
  labResult: { hash: 'action-lab', label: 'Record the lab result', kind: 'Lab' },
  alerts: { hash: 'alerts-title', label: 'Review the alert', kind: 'Alert' },
  fillStatus: { hash: 'fill-status-title', label: 'See the next fill', kind: 'Fill' },
  identityMatch: { hash: '', label: 'Open the record', kind: 'Identity to confirm' },
  missedDoses: { hash: 'missed-reports-title', label: 'Review the missed days', kind: 'Missed days' },
};
/** How long a snooze lasts unless changed; the server allows up to 30 days. */
const DEFAULT_SNOOZE_DAYS = 7;
const MAX_SNOOZE_DAYS = 30;

function dueText(dueOn: string | null, asOf: string): string {
  if (dueOn === null) {
    return 'Now';
  }
  const days = daysBetween(asOf, dueOn);
  if (days < 0) {
    return `${formatDate(dueOn)} (${-days} ${-days === 1 ? 'day' : 'days'} ago)`;
  }
  if (days === 0) {
    return `${formatDate(dueOn)} (today)`;
  }
  if (days === 1) {
    return `${formatDate(dueOn)} (tomorrow)`;
  }
  return `${formatDate(dueOn)} (in ${days} days)`;
}

/** Codes and rule IDs inside a sentence, set small and muted so the words read first. */
function withCodesSmall(text: string): ReactNode[] {
  return text.split(/(\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\bR-[A-Z]+-\d+[a-z]?\b|§\d+(?:\.\d+)*)/g).map((part, index) =>
    index % 2 === 1 ? (
      <span key={index} className="rx-code">
        {part}
      </span>
    ) : (
      part
    ),
  );
}

interface Card {
  entry: WorklistEntry;
  item: WorklistItem;
}

function SnoozeForm({ card, asOf, onSnoozed, onCancel }: { card: Card; asOf: string; onSnoozed: (message: string) => void; onCancel: () => void }) {
  const latest = addDays(asOf, MAX_SNOOZE_DAYS);
  const form = useForm(
    { until: addDays(asOf, DEFAULT_SNOOZE_DAYS) },
    { until: [required, isoDate, notBefore(addDays(asOf, 1), 'tomorrow'), notAfter(latest, `${formatDate(latest)} (30 days)`)] },
    async ({ until }) => {
      await api.post(`/patients/${card.entry.patientId}/worklist-snoozes`, { itemCode: card.item.code, until });
      onSnoozed(`${card.item.title} for ${card.entry.name}: snoozed until ${formatDate(until)}; it comes back that day.`);
    },
  );
  return (
    <form className="rx-snooze-form" onSubmit={(event) => void form.submit(event)} noValidate aria-label={`Snooze for ${card.entry.name}`}>
      <TextField form={form} name="until" label="Snooze until" type="date" min={addDays(asOf, 1)} max={latest} hint="It is listed again on this day." />
      <FormProblem error={form.serverError} />
      <div className="rx-card-actions">
        <SubmitButton busy={form.busy} busyText="Snoozing…">
          Snooze
        </SubmitButton>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

type IdentityMatch = NonNullable<WorklistItem['identityMatch']>;

/**
 * What a client (an EHR) sent next to the record it may be, and the two answers, one click each
 * (issue 11, item 7): "Same person" links what it sent to this record; "Not the same" keeps them apart.
 */
function IdentityMatchReview({ review, name, onDecided }: { review: IdentityMatch; name: string; onDecided: (message: string) => void }) {
  const [busy, setBusy] = useState<boolean | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const decide = async (same: boolean) => {
    setBusy(same);
    setError(null);
    try {
      await api.post(`/patient-match-reviews/${review.reviewId}/decisions`, { same });
      onDecided(
        same
          ? `${name}: confirmed as the person ${review.clientName} sent; its next messages about ${name} are matched.`
          : `${name}: not the person ${review.clientName} sent; kept apart.`,
      );
    } catch (caught) {
      setError(asApiError(caught));
      setBusy(null);
    }
  };
  const sentName = [...review.sent.givenNames, review.sent.familyName ?? ''].filter((part) => part !== '').join(' ');
  return (
    <div className="rx-identity-match">
      <table className="rx-identity-table">
        <caption className="visually-hidden">What {review.clientName} sent, and the isocourse record</caption>
        <thead>
          <tr>
            <th scope="col"></th>
            <th scope="col">{review.clientName} sent</th>
            <th scope="col">isocourse has</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Name</th>
            <td>{sentName === '' ? '—' : sentName}</td>
            <td>
              {review.record.givenName} {review.record.familyName}
            </td>
          </tr>
          <tr>
            <th scope="row">Born</th>
            <td>{formatDate(review.sent.birthDate)}</td>
            <td>{formatDate(review.record.birthDate)}</td>
          </tr>
          <tr>
            <th scope="row">Identifier</th>
            <td>
              {review.sent.identifiers.length === 0
                ? 'none'
                : review.sent.identifiers.map((identifier) => (
                    <span key={`${identifier.system ?? ''}|${identifier.value}`} className="rx-identity-identifier">
                      {identifier.value}
                      {identifier.system === undefined ? null : <span className="rx-code"> {identifier.system}</span>}
                    </span>
                  ))}
            </td>
            <td>
              Program ID <span className="rx-code">{review.record.programId}</span>
            </td>
          </tr>
        </tbody>
      </table>
      <div className="rx-card-actions">
        <button type="button" className="primary" disabled={busy !== null} aria-busy={busy === true} onClick={() => void decide(true)}>
          {busy === true ? 'Saving…' : 'Same person'}
          <span className="visually-hidden"> as {name}</span>
        </button>
        <button type="button" disabled={busy !== null} aria-busy={busy === false} onClick={() => void decide(false)}>
          {busy === false ? 'Saving…' : 'Not the same'}
          <span className="visually-hidden"> as {name}</span>
        </button>
      </div>
      <FormProblem error={error} />
    </div>
  );
}

/** One item; `onDone` reloads the list and says what was done (a snooze, an identity answered). */
function ItemCard({ card, asOf, onDone }: { card: Card; asOf: string; onDone: (message: string) => void }) {
  const { entry, item } = card;
  const [snoozing, setSnoozing] = useState(false);
  const target = FORM_TARGETS[item.form];
  if (item.identityMatch !== undefined) {
    return (
      <li className={`card rx-worklist-card rx-worklist-${item.group}`} data-code={item.code} data-group={item.group}>
        <div className="rx-worklist-head">
          <h3>
            <Link to={`/patients/${entry.patientId}`}>{entry.name}</Link>
          </h3>
          <StateBadge summary={entry.summary} />
        </div>
        <p className="rx-worklist-title">{item.title}</p>
        <p className="rx-worklist-action">{item.action}</p>
        <IdentityMatchReview review={item.identityMatch} name={entry.name} onDecided={onDone} />
        <p className="rx-worklist-codes">
          <span className="rx-code">{item.code}</span> · received {formatDate(item.identityMatch.receivedAt.slice(0, 10))}
        </p>
      </li>
    );
  }
  return (
    <li className={`card rx-worklist-card rx-worklist-${item.group}`} data-code={item.code} data-group={item.group}>
      <div className="rx-worklist-head">
        <h3>
          <Link to={`/patients/${entry.patientId}`}>{entry.name}</Link>
        </h3>
        <StateBadge summary={entry.summary} />
      </div>
      <p className="rx-worklist-title">{item.title}</p>
      <p className="rx-worklist-action">{withCodesSmall(item.action)}</p>
      <p className="rx-worklist-due">
        By: <strong>{dueText(item.dueOn, asOf)}</strong>
      </p>
      <div className="rx-card-actions">
        <Link className="button primary rx-action-link" to={`/patients/${entry.patientId}#${target.hash}`}>
          {target.label}
          <span className="visually-hidden"> for {entry.name}</span>
        </Link>
        {item.snoozable && !snoozing ? (
          <button
            type="button"
            onClick={() => {
              setSnoozing(true);
            }}
          >
            Snooze
            <span className="visually-hidden">
              {' '}
              {item.title} for {entry.name}
            </span>
          </button>
        ) : null}
      </div>
      {snoozing ? (
        <SnoozeForm
          card={card}
          asOf={asOf}
          onSnoozed={onDone}
          onCancel={() => {
            setSnoozing(false);
          }}
        />
      ) : null}
      <p className="rx-worklist-codes">
        <span className="rx-code">{item.code}</span> · Program ID <span className="rx-code">{entry.programId}</span> · {withCodesSmall(item.message)}
      </p>
    </li>
  );
}

function matches(card: Card, words: readonly string[]): boolean {
  const text = `${card.entry.name} ${card.entry.programId} ${card.item.title} ${card.item.code} ${card.item.message} ${card.item.action}`.toLowerCase();
  return words.every((word) => text.includes(word));
}

/** Filters start open where there is room and folded on a phone. */
function useWideScreen(): boolean {
  const query = '(min-width: 641px)';
  const [wide] = useState(() => typeof window === 'undefined' || window.matchMedia(query).matches);
  return wide;
}

/** The first page as loaded, then the pages that "Show more" fetched (all reset when the list reloads). */
function usePages(first: Worklist) {
  // The later pages and the last error belong to the first page they followed: a new first page
  // (the list reloaded) starts them afresh, derived here rather than reset in an effect.
  const [stored, setStored] = useState<{ of: Worklist; patients: WorklistEntry[]; next: string | null; error: ApiError | null }>({
    of: first,
    patients: [],
    next: first.next,
    error: null,
  });
  const [busy, setBusy] = useState(false);
  const later = stored.of === first ? stored : { of: first, patients: [], next: first.next, error: null };
  const showMore = async () => {
    if (later.next === null) {
      return;
    }
    setBusy(true);
    setStored({ ...later, error: null });
    // A page that arrives after the list reloaded belongs to the old list: it is dropped.
    const forList = (update: (before: typeof later) => typeof later) => {
      setStored((before) => (before.of === first ? update(before) : before));
    };
    try {
      const page = await api.get<Worklist>(`/worklist?after=${encodeURIComponent(later.next)}`);
      forList((before) => ({ ...before, patients: [...before.patients, ...page.patients], next: page.next }));
    } catch (caught) {
      forList((before) => ({ ...before, error: asApiError(caught) }));
    } finally {
      setBusy(false);
    }
  };
  return { patients: [...first.patients, ...later.patients], next: later.next, busy, error: later.error, showMore };
}

function TriagedList({ worklist, onChanged }: { worklist: Worklist; onChanged: () => void }) {
  const searchId = useId();
  const groupId = useId();
  const kindId = useId();
  const wide = useWideScreen();
  const [search, setSearch] = useState('');
  const [group, setGroup] = useState<'' | WorklistGroup>('');
  const [kind, setKind] = useState<'' | WorklistForm>('');
  const [notice, setNotice] = useState<string | null>(null);

  const pages = usePages(worklist);
  const cards: Card[] = pages.patients.flatMap((entry) => entry.items.map((item) => ({ entry, item })));
  const words = search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const shown = cards.filter((card) => matches(card, words) && (group === '' || card.item.group === group) && (kind === '' || card.item.form === kind));
  const kinds = [...new Set(cards.map((card) => card.item.form))];
  const filtering = words.length > 0 || group !== '' || kind !== '';

  return (
    <>
      <ul className="rx-group-counts" aria-label="Items per group">
        {GROUP_ORDER.map((name) => (
          <li key={name} data-group={name}>
            <a href={`#group-${name}`}>
              {GROUP_WORDS[name].title} <strong className="rx-count">{worklist.groups[name]}</strong>
            </a>
          </li>
        ))}
      </ul>
      <div className="rx-worklist-tools">
        <div className="field rx-filter-field">
          <label htmlFor={searchId}>Search by patient, program ID or code</label>
          <input
            id={searchId}
            type="search"
            value={search}
            onChange={(event) => {
              setSearch(event.target.value);
              setNotice(null);
            }}
            autoComplete="off"
          />
        </div>
        <details className="rx-worklist-filters" open={wide}>
          <summary>Filters</summary>
          <div className="rx-form-row">
            <div className="field">
              <label htmlFor={groupId}>Group</label>
              <select
                id={groupId}
                value={group}
                onChange={(event) => {
                  setGroup(event.target.value as '' | WorklistGroup);
                  setNotice(null);
                }}
              >
                <option value="">All groups</option>
                {GROUP_ORDER.map((name) => (
                  <option key={name} value={name}>
                    {GROUP_WORDS[name].title}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={kindId}>Kind</label>
              <select
                id={kindId}
                value={kind}
                onChange={(event) => {
                  setKind(event.target.value as '' | WorklistForm);
                  setNotice(null);
                }}
              >
                <option value="">All kinds</option>
                {kinds.map((name) => (
                  <option key={name} value={name}>
                    {FORM_TARGETS[name].kind}
                  </option>
                ))}
              </select>
            </div>
          </div>
        </details>
      </div>
      <p className="hint" role="status">
        {notice ??
          (filtering
            ? `${shown.length} of ${cards.length} ${cards.length === 1 ? 'item' : 'items'} shown.`
            : `${cards.length} ${cards.length === 1 ? 'item' : 'items'} for ${pages.patients.length} ${pages.patients.length === 1 ? 'patient' : 'patients'}, as of ${formatDate(worklist.asOf)}${pages.next === null ? '' : '; more below'}.`)}
      </p>
      {GROUP_ORDER.map((name) => {
        const inGroup = shown.filter((card) => card.item.group === name);
        if (group !== '' && group !== name) {
          return null;
        }
        return (
          <section key={name} className="rx-worklist-group" aria-labelledby={`group-${name}`}>
            <h2 id={`group-${name}`}>
              {GROUP_WORDS[name].title} <span className="rx-count">({inGroup.length})</span>
            </h2>
            <p className="hint">{GROUP_WORDS[name].hint}</p>
            {inGroup.length === 0 ? (
              <p className="rx-muted">{filtering ? 'Nothing here matches.' : 'Nothing here.'}</p>
            ) : (
              <ol className="rx-worklist">
                {inGroup.map((card) => (
                  <ItemCard
                    key={`${card.entry.patientId}-${card.item.code}-${card.item.identityMatch?.reviewId ?? ''}`}
                    card={card}
                    asOf={worklist.asOf}
                    onDone={(message) => {
                      onChanged();
                      setNotice(message);
                    }}
                  />
                ))}
              </ol>
            )}
          </section>
        );
      })}
      {pages.next === null ? null : (
        <div className="rx-worklist-more">
          <p className="hint">The list goes on: the next patients, in the same order{filtering ? ' (search and filters cover the patients shown)' : ''}.</p>
          <button type="button" onClick={() => void pages.showMore()} disabled={pages.busy} aria-busy={pages.busy}>
            {pages.busy ? 'Loading…' : 'Show more patients'}
          </button>
          <FormProblem error={pages.error} />
        </div>
      )}
      {worklist.snoozed.length > 0 ? (
        <details className="rx-worklist-snoozed">
          <summary>
            Snoozed <span className="rx-count">({worklist.snoozed.length})</span>
          </summary>
          <ul>
            {worklist.snoozed.map((snooze) => (
              <li key={`${snooze.patientId}-${snooze.itemCode}`}>
                <Link to={`/patients/${snooze.patientId}`}>{snooze.name}</Link>: back on {formatDate(snooze.until)}{' '}
                <span className="rx-code">{snooze.itemCode}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

export function WorklistPage() {
  const me = useMe();
  const loaded = useLoad(() => api.get<Worklist>('/worklist'), []);
  return (
    <section aria-labelledby="worklist-title" className="rx-worklist-page">
      <div className="rx-page-head">
        <h1 id="worklist-title">Worklist</h1>
        <button type="button" onClick={loaded.reload} disabled={loaded.loading} aria-busy={loaded.loading}>
          {loaded.loading && loaded.data !== undefined ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <p className="hint rx-lead">
        What {me.role === 'delegate' ? "your prescriber's patients" : 'your patients'} need now, by what it takes: urgent alerts first, then what blocks a fill
        this week, what is due soon, and routine follow-up.
      </p>
      <Await loaded={loaded} what="the worklist">
        {(worklist) =>
          worklist.patients.length === 0 && worklist.snoozed.length === 0 ? (
            <div className="card rx-empty-state">
              <p>
                <strong>Nothing needs doing today.</strong> No patient has an open alert, a closing window or anything due this week.
              </p>
              <p>
                <Link to="/patients">See all patients</Link>
              </p>
            </div>
          ) : (
            <TriagedList worklist={worklist} onChanged={loaded.reload} />
          )
        }
      </Await>
    </section>
  );
}
