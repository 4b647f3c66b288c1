// The patient's own part of the month (R-CMP-1) on one page: the comprehension questions — the page
// scores them (all right is a pass), explains each wrong answer with the right one and its key
// message — and, for a patient who can get pregnant, one tick confirming she still uses the methods
// she declared last. One request records both (POST /patients/{id}/monthly-check, dated the
// program's today as the server gave it): the server carries her last declaration forward with its
// start date and checks it again; what she may confirm comes from GET …/monthly-check.
//
// When her last methods cannot be carried forward (none yet, or no longer accepted), or she uses
// other methods now, she is sent to her care team rather than given the full declaration form here:
// a change of method is what the prescriber counsels on (R-CON-6, R-CNS-1), and the safer path is
// that a person who knows the rules records it with her.
import { useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api';
import type { MonthlyCheck, RecordedMonthlyCheck } from '../../apiTypes';
import { CheckboxField, FormProblem, required, SubmitButton, useForm, type FormState } from '../../components/forms';
import { Await, useLoad } from '../../components/status';
import { formatDate } from '../../dates';
import { useMe } from '../../session';
import { COMPREHENSION_QUESTIONS, type ComprehensionQuestion } from './comprehensionQuestions';
import { RadioGroup } from './fields';
import { NotLinked } from './NotLinked';
import { methodsInWords } from './methodNames';
import './patient.css';

type FieldName = string;
const CONFIRMS = 'confirmsMethods';

interface Outcome {
  /** Null when only the methods were confirmed. */
  passed: boolean | null;
  checkedOn: string;
  wrong: Array<{ question: ComprehensionQuestion; chosen: number }>;
  confirmed: RecordedMonthlyCheck['contraception'];
}

/** Whether the questions are on the page: always, unless only the methods are left to confirm this month. */
function asksQuestions(check: MonthlyCheck): boolean {
  return check.comprehension.due || !check.contraception.due;
}

/** The tick is offered when the program asks for the confirmation and her last methods can be carried forward. */
function offersConfirmation(check: MonthlyCheck): boolean {
  return check.contraception.due && check.contraception.sameAsLastMonth?.allowed === true && check.contraception.last !== null;
}

export function QuestionsPage() {
  const me = useMe();
  const patientId = me.patientId;
  const loaded = useLoad(() => (patientId === null ? Promise.resolve(null) : api.get<MonthlyCheck>(`/patients/${patientId}/monthly-check`)), [patientId]);
  if (patientId === null) {
    return <NotLinked title="Questions" />;
  }
  return (
    <Await loaded={loaded} what="this month's questions">
      {(check) =>
        check === null ? <NotLinked title="Questions" /> : <MonthlyCheckForm key={check.asOf} patientId={patientId} check={check} reload={loaded.reload} />
      }
    </Await>
  );
}

function MonthlyCheckForm({ patientId, check, reload }: { patientId: string; check: MonthlyCheck; reload: () => void }) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const questions = asksQuestions(check) ? COMPREHENSION_QUESTIONS : [];
  const confirmation = offersConfirmation(check);
  const last = check.contraception.last;

  const initial: Record<FieldName, string> = { ...Object.fromEntries(questions.map((question) => [question.id, ''])), [CONFIRMS]: 'false' };
  const validators: Record<FieldName, Array<(value: string) => string | undefined>> = Object.fromEntries(
    questions.map((question) => [question.id, [required]]),
  );
  if (questions.length === 0 && confirmation) {
    // Only the tick is on the page: sending it unticked would record nothing.
    validators[CONFIRMS] = [(value) => (value === 'true' ? undefined : 'Tick to confirm, or call your care team if your methods changed.')];
  }
  const form = useForm<FieldName>(initial, validators, async (values) => {
    const wrong = questions.flatMap((question) => {
      const chosen = Number(values[question.id]);
      return chosen === question.correct ? [] : [{ question, chosen }];
    });
    const passed = questions.length === 0 ? null : wrong.length === 0;
    const confirms = confirmation && values[CONFIRMS] === 'true';
    const recorded = await api.post<RecordedMonthlyCheck>(`/patients/${patientId}/monthly-check`, {
      checkedOn: check.asOf,
      ...(passed === null ? {} : { comprehensionPassed: passed }),
      ...(confirms ? { confirmsSameContraception: true } : {}),
    });
    setOutcome({ passed, checkedOn: check.asOf, wrong, confirmed: recorded.contraception });
    requestAnimationFrame(() => resultHeading.current?.focus());
  });

  const unanswered = questions.filter((question) => form.values[question.id] === '').length;
  const total = questions.length;

  if (outcome !== null) {
    return (
      <section className="patient-page">
        <h1>Questions</h1>
        <div className={outcome.passed === false ? 'notice' : 'success'} role="status">
          <h2 ref={resultHeading} tabIndex={-1} className="result-heading">
            {outcome.passed === null
              ? 'Your methods are confirmed.'
              : outcome.passed
                ? `All ${total} answers are right: passed.`
                : `${total - outcome.wrong.length} of ${total} answers are right: not passed yet.`}
          </h2>
          {outcome.passed === null ? null : (
            <p>
              {outcome.passed
                ? `Recorded for ${formatDate(outcome.checkedOn)}. Your care team and pharmacy can see that you passed this month's questions.`
                : `Recorded for ${formatDate(outcome.checkedOn)} as not passed. Read why below, then answer again: only a pass counts for your next fill.`}
            </p>
          )}
          {outcome.confirmed === null ? null : (
            <p>
              Birth control confirmed for {formatDate(outcome.confirmed.declaredOn)}: {methodsInWords(outcome.confirmed)}, in use since{' '}
              {formatDate(outcome.confirmed.startedOn)}.
            </p>
          )}
        </div>
        {outcome.wrong.length === 0 ? null : (
          <>
            <h2>What to know</h2>
            <ol className="explanations">
              {outcome.wrong.map(({ question, chosen }) => (
                <li key={question.id} className="card">
                  <p className="check-title">{question.question}</p>
                  <p>
                    <span className="answer-wrong">Your answer: {question.options[chosen] ?? '—'}</span>
                  </p>
                  <p>
                    <span className="answer-right">Right answer: {question.options[question.correct]}</span>
                  </p>
                  <p>{question.explanation}</p>
                  <p className="hint">
                    <Link to={`/learn#message-${question.message}`}>Read more about this</Link>
                  </p>
                </li>
              ))}
            </ol>
          </>
        )}
        <div className="button-row">
          {outcome.passed === false ? (
            <button
              type="button"
              className="primary"
              onClick={() => {
                form.reset();
                setOutcome(null);
                // What is still due (the methods may be confirmed now) is read again from the server.
                reload();
              }}
            >
              Answer the questions again
            </button>
          ) : (
            <Link className="button" to="/">
              Back to your to-do list
            </Link>
          )}
        </div>
      </section>
    );
  }

  const optional = check.category === 'PCNGP';
  return (
    <section className="patient-page">
      <h1>This month&apos;s questions</h1>
      {questions.length === 0 ? (
        <p className="lead">
          You passed this month&apos;s questions on {formatDate(check.comprehension.lastPassedOn ?? check.asOf)}. One thing is left: your birth control.
        </p>
      ) : (
        <p className="lead">
          {total} questions about staying safe on isotretinoin. Choose one answer for each. If any answer is wrong, you will see why and can try again.
          {check.contraception.due ? ' Then confirm your birth control below and send both at once.' : ''}
        </p>
      )}
      {optional ? <p className="notice">The program does not require these questions every month for you, but they are a good check.</p> : null}
      <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Comprehension questions" className="questions-form">
        {questions.map((question, index) => (
          <RadioGroup
            key={question.id}
            form={form}
            name={question.id}
            legend={
              <>
                <span className="question-number">{index + 1}.</span> {question.question}
              </>
            }
            options={question.options.map((option, optionIndex) => [String(optionIndex), option] as const)}
          />
        ))}
        {check.contraception.required ? <BirthControl check={check} form={form} /> : null}
        <FormProblem error={form.serverError} />
        {questions.length === 0 ? null : (
          <p className="hint" aria-live="polite">
            {unanswered === 0 ? 'All questions answered.' : `${unanswered} question${unanswered === 1 ? '' : 's'} still to answer.`}
          </p>
        )}
        {questions.length === 0 && !confirmation ? null : (
          <SubmitButton busy={form.busy} busyText={questions.length === 0 ? 'Confirming…' : 'Checking your answers…'}>
            {questions.length === 0 ? 'Confirm my methods' : 'Check my answers'}
          </SubmitButton>
        )}
      </form>
      {last === null ? null : <p className="hint">Last declared on {formatDate(last.declaredOn)}.</p>}
    </section>
  );
}

/** Her birth control for this month: the tick when it can be confirmed as it is, else what to do. */
function BirthControl({ check, form }: { check: MonthlyCheck; form: FormState<FieldName> }) {
  const { last, due, sameAsLastMonth } = check.contraception;
  if (!due) {
    return last === null ? null : (
      <fieldset className="card birth-control">
        <legend>Your birth control</legend>
        <p>
          Confirmed for this month: {methodsInWords(last)} ({formatDate(last.declaredOn)}).
        </p>
      </fieldset>
    );
  }
  if (last !== null && sameAsLastMonth?.allowed === true) {
    return (
      <fieldset className="card birth-control">
        <legend>Your birth control this month</legend>
        <CheckboxField
          form={form}
          name={CONFIRMS}
          label={`I use these methods: ${methodsInWords(last)}`}
          hint={`Tick only if you have used ${last.abstinence ? 'this commitment' : 'both'} every time, without a break, since ${formatDate(last.startedOn)}. If anything changed, leave it unticked and call your care team.`}
        />
      </fieldset>
    );
  }
  return (
    <div className="notice birth-control" role="note">
      <p className="check-title">Your birth control needs your care team this month</p>
      <p>
        {last === null
          ? 'No birth-control methods are on your record yet.'
          : `The methods on your record (${methodsInWords(last)}) cannot be confirmed as they are: ${(sameAsLastMonth?.reasons ?? [])
              .slice(1)
              .map((reason) => reason.message)
              .join(' ')}`}{' '}
        Call your care team: they record the two methods you use with you. Your answers to the questions can still be sent now.
      </p>
    </div>
  );
}
