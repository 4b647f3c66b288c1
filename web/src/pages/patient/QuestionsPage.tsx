// The monthly comprehension questions (R-CMP-1): the patient answers, the page scores them — all
// right is a pass — explains each wrong answer with the right one and its key message, and records
// the outcome (POST /patients/{id}/comprehension-checks, dated today in the clinic's time zone).
import { useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api';
import type { PatientStatus } from '../../apiTypes';
import { FormProblem, required, SubmitButton, useForm } from '../../components/forms';
import { useLoad } from '../../components/status';
import { formatDate, todayIn } from '../../dates';
import { useClinicTimeZone, useMe } from '../../session';
import { COMPREHENSION_QUESTIONS, type ComprehensionQuestion } from './comprehensionQuestions';
import { RadioGroup } from './fields';
import { NotLinked } from './NotLinked';
import './patient.css';

type QuestionId = string;

interface Outcome {
  passed: boolean;
  answeredOn: string;
  wrong: Array<{ question: ComprehensionQuestion; chosen: number }>;
}

const INITIAL: Record<QuestionId, string> = Object.fromEntries(COMPREHENSION_QUESTIONS.map((question) => [question.id, '']));
const VALIDATORS = Object.fromEntries(COMPREHENSION_QUESTIONS.map((question) => [question.id, [required]]));

export function QuestionsPage() {
  const me = useMe();
  const timeZone = useClinicTimeZone();
  const patientId = me.patientId;
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const status = useLoad(() => (patientId === null ? Promise.resolve(null) : api.get<PatientStatus>(`/patients/${patientId}/status`)), [patientId]);

  const form = useForm<QuestionId>(INITIAL, VALIDATORS, async (values) => {
    const wrong = COMPREHENSION_QUESTIONS.flatMap((question) => {
      const chosen = Number(values[question.id]);
      return chosen === question.correct ? [] : [{ question, chosen }];
    });
    const answeredOn = todayIn(timeZone);
    await api.post(`/patients/${patientId}/comprehension-checks`, { answeredOn, passed: wrong.length === 0 });
    setOutcome({ passed: wrong.length === 0, answeredOn, wrong });
    status.reload();
    requestAnimationFrame(() => resultHeading.current?.focus());
  });

  if (patientId === null) {
    return <NotLinked title="Questions" />;
  }

  const optional = status.data?.category === 'PCNGP';
  const unanswered = COMPREHENSION_QUESTIONS.filter((question) => form.values[question.id] === '').length;

  if (outcome !== null) {
    const total = COMPREHENSION_QUESTIONS.length;
    return (
      <section className="patient-page">
        <h1>Questions</h1>
        <div className={outcome.passed ? 'success' : 'notice'} role="status">
          <h2 ref={resultHeading} tabIndex={-1} className="result-heading">
            {outcome.passed ? `All ${total} answers are right: passed.` : `${total - outcome.wrong.length} of ${total} answers are right: not passed yet.`}
          </h2>
          <p>
            {outcome.passed
              ? `Recorded for ${formatDate(outcome.answeredOn)}. Your care team and pharmacy can see that you passed this month's questions.`
              : `Recorded for ${formatDate(outcome.answeredOn)} as not passed. Read why below, then answer again: only a pass counts for your next fill.`}
          </p>
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
          {outcome.passed ? (
            <Link className="button" to="/">
              Back to your to-do list
            </Link>
          ) : (
            <button
              type="button"
              className="primary"
              onClick={() => {
                form.reset();
                setOutcome(null);
              }}
            >
              Answer the questions again
            </button>
          )}
        </div>
      </section>
    );
  }

  return (
    <section className="patient-page">
      <h1>This month&apos;s questions</h1>
      <p className="lead">
        {COMPREHENSION_QUESTIONS.length} questions about staying safe on isotretinoin. Choose one answer for each. If any answer is wrong, you will see why and can try again.
      </p>
      {optional ? <p className="notice">The program does not require these questions every month for you, but they are a good check.</p> : null}
      <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Comprehension questions" className="questions-form">
        {COMPREHENSION_QUESTIONS.map((question, index) => (
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
        <FormProblem error={form.serverError} />
        <p className="hint" aria-live="polite">
          {unanswered === 0 ? 'All questions answered.' : `${unanswered} question${unanswered === 1 ? '' : 's'} still to answer.`}
        </p>
        <SubmitButton busy={form.busy} busyText="Checking your answers…">
          Check my answers
        </SubmitButton>
      </form>
    </section>
  );
}
