// The PHQ-9 mood check (§4.3): the nine standard items over the last two weeks, each 0–3. Any
// answer above "not at all" to the ninth (thoughts of death or self-harm) shows at once how to get
// help now — 988 — and, once sent, that the care team has been alerted (R-MOOD-1).
import { useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api';
import type { RecordedPhq9 } from '../../apiTypes';
import { FormProblem, required, SubmitButton, useForm } from '../../components/forms';
import { formatDate, todayIn } from '../../dates';
import { useClinicTimeZone, useMe } from '../../session';
import { RadioGroup } from './fields';
import { NotLinked } from './NotLinked';
import './patient.css';

/** A mood check is suggested on the to-do list when the last one is this old. */
export const MOOD_CHECK_EVERY_DAYS = 28;

const ITEMS = [
  'Little interest or pleasure in doing things',
  'Feeling down, depressed or hopeless',
  'Trouble falling or staying asleep, or sleeping too much',
  'Feeling tired or having little energy',
  'Poor appetite or overeating',
  'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
  'Trouble concentrating on things, such as reading or watching television',
  'Moving or speaking so slowly that other people could have noticed — or the opposite, being so fidgety or restless that you have been moving around a lot more than usual',
  'Thoughts that you would be better off dead, or of hurting yourself in some way',
] as const;

const SCALE: ReadonlyArray<readonly [string, string]> = [
  ['0', 'Not at all'],
  ['1', 'On several days'],
  ['2', 'On more than half the days'],
  ['3', 'Nearly every day'],
];

const BAND_WORDS: Record<string, string> = {
  minimal: 'few or no signs of low mood',
  mild: 'some signs of low mood',
  moderate: 'signs of low mood that your prescriber should look at',
  moderatelySevere: 'many signs of low mood that your prescriber should look at soon',
  severe: 'many strong signs of low mood that your prescriber should look at soon',
};

type Name = `answers/${number}`;
const NAMES = ITEMS.map((_, index): Name => `answers/${index}`);
const INITIAL = Object.fromEntries(NAMES.map((name) => [name, ''])) as Record<Name, string>;
const VALIDATORS = Object.fromEntries(NAMES.map((name) => [name, [required]])) as Partial<Record<Name, Array<typeof required>>>;
const SELF_HARM: Name = 'answers/8';

function CrisisHelp({ sent }: { sent: boolean }) {
  return (
    <div className="crisis" role="alert">
      <p className="crisis-title">If you are having these thoughts, please get help now.</p>
      <p>
        Call or text <a href="tel:988">988</a> (the 988 Suicide &amp; Crisis Lifeline: free, any time, day or night). If you are in danger right now, call{' '}
        <a href="tel:911">911</a>.
      </p>
      <p>
        {sent
          ? 'Your care team has been alerted and will contact you today.'
          : 'When you send your answers, your care team is alerted at once and will contact you today.'}
      </p>
    </div>
  );
}

export function MoodPage() {
  const me = useMe();
  const timeZone = useClinicTimeZone();
  const patientId = me.patientId;
  const [answer, setAnswer] = useState<(RecordedPhq9 & { selfHarm: boolean }) | null>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const form = useForm<Name>(INITIAL, VALIDATORS, async (values) => {
    const answers = NAMES.map((name) => Number(values[name]));
    const recorded = await api.post<RecordedPhq9>(`/patients/${patientId}/phq9`, { answeredOn: todayIn(timeZone), answers });
    setAnswer({ ...recorded, selfHarm: (answers[8] ?? 0) > 0 });
    requestAnimationFrame(() => resultHeading.current?.focus());
  });

  if (patientId === null) {
    return <NotLinked title="Mood check" />;
  }

  if (answer !== null) {
    const serverMessages = answer.messages.filter((message) => !message.includes('988'));
    return (
      <section className="patient-page">
        <h1>Mood check</h1>
        {answer.selfHarm ? <CrisisHelp sent /> : null}
        <div className="success" role="status">
          <h2 ref={resultHeading} tabIndex={-1} className="result-heading">
            Thank you. Your answers were sent to your care team on {formatDate(answer.answeredOn)}.
          </h2>
          {answer.total === null ? null : (
            <p>
              Your score is {answer.total} out of 27: {BAND_WORDS[answer.band ?? ''] ?? answer.band}.
              {answer.total >= 10 ? ' Your prescriber will review your answers before your next fill. You can call them sooner if you want to talk.' : ''}
            </p>
          )}
        </div>
        {serverMessages.map((message) => (
          <p key={message} className="notice">
            {message}
          </p>
        ))}
        <p>
          Isotretinoin can affect mood. Tell your prescriber right away if you feel sad, irritable or hopeless, lose interest in things, or hear or see things
          others do not. <Link to="/learn#message-10">Read more</Link>
        </p>
        <div className="button-row">
          <Link className="button" to="/">
            Back to your to-do list
          </Link>
          <button
            type="button"
            onClick={() => {
              form.reset();
              setAnswer(null);
            }}
          >
            Start a new mood check
          </button>
        </div>
      </section>
    );
  }

  const selfHarmAnswered = Number(form.values[SELF_HARM] || '0') > 0;
  return (
    <section className="patient-page">
      <h1>Mood check</h1>
      <p className="lead">Over the last 2 weeks, how often have you been bothered by any of the following problems? Your care team sees your answers.</p>
      <p className="hint">
        If you ever have thoughts of hurting yourself, call or text <a href="tel:988">988</a> at any time.
      </p>
      <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Mood check (PHQ-9)" className="questions-form">
        {ITEMS.map((item, index) => {
          const name = NAMES[index] as Name;
          return (
            <RadioGroup
              key={name}
              form={form}
              name={name}
              className="scale-group"
              legend={
                <>
                  <span className="question-number">{index + 1}.</span> {item}
                </>
              }
              options={SCALE}
            >
              {name === SELF_HARM && selfHarmAnswered ? <CrisisHelp sent={false} /> : null}
            </RadioGroup>
          );
        })}
        <FormProblem error={form.serverError} />
        <SubmitButton busy={form.busy} busyText="Sending…">
          Send my answers
        </SubmitButton>
      </form>
    </section>
  );
}
