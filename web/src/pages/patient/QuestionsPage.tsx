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
import { CheckboxField, FormProblem, SubmitButton, useForm, type FormState } from '../../components/forms';
import { Await, useLoad } from '../../components/status';
import { useWords } from '../../i18n/I18n';
import { useMe } from '../../session';
import { comprehensionQuestions, type ComprehensionQuestion } from './comprehensionQuestions';
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
  const { t } = useWords();
  const patientId = me.patientId;
  const loaded = useLoad(() => (patientId === null ? Promise.resolve(null) : api.get<MonthlyCheck>(`/patients/${patientId}/monthly-check`)), [patientId]);
  if (patientId === null) {
    return <NotLinked title={t('questions.title')} />;
  }
  return (
    <Await loaded={loaded} what={t('questions.loading')}>
      {(check) =>
        check === null ? (
          <NotLinked title={t('questions.title')} />
        ) : (
          <MonthlyCheckForm key={check.asOf} patientId={patientId} check={check} reload={loaded.reload} />
        )
      }
    </Await>
  );
}

function MonthlyCheckForm({ patientId, check, reload }: { patientId: string; check: MonthlyCheck; reload: () => void }) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const { t, date } = useWords();
  const required = (value: string) => (value.trim() === '' ? t('common.required') : undefined);
  const questions = asksQuestions(check) ? comprehensionQuestions(t) : [];
  const confirmation = offersConfirmation(check);
  const last = check.contraception.last;

  const initial: Record<FieldName, string> = { ...Object.fromEntries(questions.map((question) => [question.id, ''])), [CONFIRMS]: 'false' };
  const validators: Record<FieldName, Array<(value: string) => string | undefined>> = Object.fromEntries(
    questions.map((question) => [question.id, [required]]),
  );
  if (questions.length === 0 && confirmation) {
    // Only the tick is on the page: sending it unticked would record nothing.
    validators[CONFIRMS] = [(value) => (value === 'true' ? undefined : t('questions.tickToConfirm'))];
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
        <h1>{t('questions.title')}</h1>
        <div className={outcome.passed === false ? 'notice' : 'success'} role="status">
          <h2 ref={resultHeading} tabIndex={-1} className="result-heading">
            {outcome.passed === null
              ? t('questions.methodsConfirmed')
              : outcome.passed
                ? t('questions.allRight', { total })
                : t('questions.someRight', { right: total - outcome.wrong.length, total })}
          </h2>
          {outcome.passed === null ? null : (
            <p>
              {outcome.passed
                ? t('questions.recordedPassed', { date: date(outcome.checkedOn) })
                : t('questions.recordedNotPassed', { date: date(outcome.checkedOn) })}
            </p>
          )}
          {outcome.confirmed === null ? null : (
            <p>
              {t('questions.birthControlConfirmed', {
                declaredOn: date(outcome.confirmed.declaredOn),
                methods: methodsInWords(outcome.confirmed, t),
                startedOn: date(outcome.confirmed.startedOn),
              })}
            </p>
          )}
        </div>
        {outcome.wrong.length === 0 ? null : (
          <>
            <h2>{t('questions.whatToKnow')}</h2>
            <ol className="explanations">
              {outcome.wrong.map(({ question, chosen }) => (
                <li key={question.id} className="card">
                  <p className="check-title">{question.question}</p>
                  <p>
                    <span className="answer-wrong">{t('questions.yourAnswer', { answer: question.options[chosen] ?? '—' })}</span>
                  </p>
                  <p>
                    <span className="answer-right">{t('questions.rightAnswer', { answer: question.options[question.correct] })}</span>
                  </p>
                  <p>{question.explanation}</p>
                  <p className="hint">
                    <Link to={`/learn#message-${question.message}`}>{t('questions.readMore')}</Link>
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
              {t('questions.answerAgain')}
            </button>
          ) : (
            <Link className="button" to="/">
              {t('questions.backToList')}
            </Link>
          )}
        </div>
      </section>
    );
  }

  const optional = check.category === 'PCNGP';
  return (
    <section className="patient-page">
      <h1>{t('questions.monthTitle')}</h1>
      {questions.length === 0 ? (
        <p className="lead">{t('questions.alreadyPassed', { date: date(check.comprehension.lastPassedOn ?? check.asOf) })}</p>
      ) : (
        <p className="lead">
          {t('questions.intro', { total })}
          {check.contraception.due ? ` ${t('questions.introThenConfirm')}` : ''}
        </p>
      )}
      {optional ? <p className="notice">{t('questions.optional')}</p> : null}
      <form onSubmit={(event) => void form.submit(event)} noValidate aria-label={t('questions.form')} className="questions-form">
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
            {unanswered === 0 ? t('questions.allAnswered') : t('questions.unanswered', { count: unanswered })}
          </p>
        )}
        {questions.length === 0 && !confirmation ? null : (
          <SubmitButton busy={form.busy} busyText={questions.length === 0 ? t('questions.confirming') : t('questions.checking')}>
            {questions.length === 0 ? t('questions.confirmMethods') : t('questions.checkAnswers')}
          </SubmitButton>
        )}
      </form>
      {last === null ? null : <p className="hint">{t('questions.lastDeclared', { date: date(last.declaredOn) })}</p>}
    </section>
  );
}

/** Her birth control for this month: the tick when it can be confirmed as it is, else what to do. */
function BirthControl({ check, form }: { check: MonthlyCheck; form: FormState<FieldName> }) {
  const { last, due, sameAsLastMonth } = check.contraception;
  const { t, date } = useWords();
  if (!due) {
    return last === null ? null : (
      <fieldset className="card birth-control">
        <legend>{t('questions.yourBirthControl')}</legend>
        <p>{t('questions.confirmedThisMonth', { methods: methodsInWords(last, t), date: date(last.declaredOn) })}</p>
      </fieldset>
    );
  }
  if (last !== null && sameAsLastMonth?.allowed === true) {
    return (
      <fieldset className="card birth-control">
        <legend>{t('questions.birthControlThisMonth')}</legend>
        <CheckboxField
          form={form}
          name={CONFIRMS}
          label={t('questions.iUseThese', { methods: methodsInWords(last, t) })}
          hint={t('questions.tickOnlyIf', { abstinence: last.abstinence ? 'true' : 'false', date: date(last.startedOn) })}
        />
      </fieldset>
    );
  }
  return (
    <div className="notice birth-control" role="note">
      <p className="check-title">{t('questions.needsCareTeam')}</p>
      <p>
        {last === null
          ? t('questions.noMethodsYet')
          : t('questions.cannotConfirm', {
              methods: methodsInWords(last, t),
              // The program's reasons in her language by their code; one the page does not know, as the server words it.
              reasons: (sameAsLastMonth?.reasons ?? [])
                .slice(1)
                .map((reason) =>
                  reason.code === 'NO_PRIMARY_METHOD' || reason.code === 'SECOND_METHOD_REQUIRED' ? t(`questions.reason.${reason.code}`) : reason.message,
                )
                .join(' '),
            })}{' '}
        {t('questions.callCareTeam')}
      </p>
    </div>
  );
}
