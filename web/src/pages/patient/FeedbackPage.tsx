// Rating the pharmacy's service after delivery (issue 6): delivery, packaging and support, 1 to 5
// each, and an optional comment about the service (GET/POST /patients/{id}/orders/{orderId}/feedback).
// Once sent, the page shows where the comment stands: waiting for the pharmacy, published, or not
// published and why. The ratings count at once; comments about what the medicine did are never
// published — this page says so before the patient writes one.
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api';
import type { CommentStatus, OrderFeedback, ServiceFeedbackView } from '../../apiTypes';
import { FormProblem, maxLength, SubmitButton, TextAreaField, useForm, type Validator } from '../../components/forms';
import { RatingList } from '../../components/ratings';
import { ReasonList } from '../../components/reasons';
import { LoadFailed, Loading, useLoad } from '../../components/status';
import { formatDate } from '../../dates';
import { useMe } from '../../session';
import { RadioGroup } from './fields';
import { NotLinked } from './NotLinked';
import './patient.css';

type Name = 'delivery' | 'packaging' | 'support' | 'comment';

const COMMENT_MAX = 1000;

const STARS: ReadonlyArray<readonly [string, string]> = [
  ['1', '1 — poor'],
  ['2', '2 — below what I expected'],
  ['3', '3 — as expected'],
  ['4', '4 — good'],
  ['5', '5 — excellent'],
];

const ASPECTS: ReadonlyArray<readonly [Exclude<Name, 'comment'>, string, string]> = [
  ['delivery', 'Delivery', 'Did it arrive when promised, in good order?'],
  ['packaging', 'Packaging', 'Was it intact and discreet?'],
  ['support', 'Support', 'When you contacted the pharmacy, did they help?'],
];

const chosen: Validator = (value) => (value === '' ? 'Choose from 1 to 5.' : undefined);
const notBlankIfGiven: Validator = (value) => (value !== '' && value.trim() === '' ? 'Leave the comment empty, or write something.' : undefined);

const STATUS_TEXT: Record<CommentStatus, string> = {
  noComment: 'You left no comment. Your ratings count in the pharmacy’s averages.',
  awaitingModeration: 'Your ratings count now. Your comment waits for the pharmacy to review it before anyone else can read it.',
  published: 'Your comment is published on the public ratings page, with the month only — never your name.',
  rejected: 'Your comment is not published. Your ratings still count.',
};

function Sent({ feedback }: { feedback: ServiceFeedbackView }) {
  return (
    <>
      <RatingList ratings={feedback.ratings} />
      <p className="hint">Sent {formatDate(feedback.submittedOn)}.</p>
      {feedback.comment === null ? null : <blockquote className="feedback-comment">{feedback.comment}</blockquote>}
      <p>
        <strong>{STATUS_TEXT[feedback.commentStatus]}</strong>
      </p>
      {feedback.commentStatus === 'rejected' && feedback.moderation?.reason ? <p>The pharmacy’s reason: {feedback.moderation.reason}</p> : null}
      {feedback.commentStatus === 'awaitingModeration' && feedback.warnings.length > 0 ? (
        <p className="notice">
          Your comment seems to speak of the medicine, your health or your contact details, so it will not be published. Your ratings still count. For anything
          about your treatment, talk to your prescriber.
        </p>
      ) : null}
    </>
  );
}

export function FeedbackPage() {
  const me = useMe();
  const { orderId = '' } = useParams();
  const patientId = me.patientId;
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const path = `/patients/${patientId ?? ''}/orders/${orderId}/feedback`;
  const loaded = useLoad(() => api.get<OrderFeedback>(path), [path]);
  // The answer to the submission, shown at once (with the moderation status) and announced.
  const [sent, setSent] = useState<OrderFeedback | null>(null);
  useEffect(() => {
    if (sent !== null) {
      resultHeading.current?.focus();
    }
  }, [sent]);

  const form = useForm<Name>(
    { delivery: '', packaging: '', support: '', comment: '' },
    { delivery: [chosen], packaging: [chosen], support: [chosen], comment: [notBlankIfGiven, maxLength(COMMENT_MAX)] },
    async (values) => {
      const comment = values.comment.trim();
      const answer = await api.post<OrderFeedback>(path, {
        delivery: Number(values.delivery),
        packaging: Number(values.packaging),
        support: Number(values.support),
        ...(comment === '' ? {} : { comment }),
      });
      setSent(answer);
    },
  );

  if (patientId === null) {
    return <NotLinked title="Rate the pharmacy" />;
  }
  if (sent === null && loaded.error !== null) {
    return (
      <section className="patient-page">
        <h1>Rate the pharmacy</h1>
        <LoadFailed error={loaded.error} retry={loaded.reload} />
      </section>
    );
  }
  const data = sent ?? loaded.data;
  if (data === undefined) {
    return (
      <section className="patient-page">
        <h1>Rate the pharmacy</h1>
        <Loading what="your order" />
      </section>
    );
  }
  const { order, feedback, mayRate } = data;
  const pharmacyName = order.pharmacy.name === '' ? 'the pharmacy' : order.pharmacy.name;

  if (feedback !== null) {
    return (
      <section className="patient-page">
        <h1>Your rating of {pharmacyName}</h1>
        <div className="success" role="status">
          <h2 ref={resultHeading} tabIndex={-1} className="result-heading">
            Thank you: your rating was sent.
          </h2>
        </div>
        <Sent feedback={feedback} />
        <div className="button-row">
          <Link className="button" to="/">
            Back to my to-do list
          </Link>
        </div>
      </section>
    );
  }

  if (!mayRate.allowed) {
    return (
      <section className="patient-page">
        <h1>Rate {pharmacyName}</h1>
        <ReasonList reasons={mayRate.reasons} />
      </section>
    );
  }

  const commentLength = form.values.comment.length;
  return (
    <section className="patient-page">
      <h1>Rate {pharmacyName}</h1>
      <p className="lead">
        How was the pharmacy’s service for this order{order.deliveredOn === null ? '' : `, delivered ${formatDate(order.deliveredOn)}`}? Your ratings count in
        the pharmacy’s public averages at once, without your name.
      </p>
      <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Rate the pharmacy’s service">
        {ASPECTS.map(([aspect, label, hint]) => (
          <RadioGroup key={aspect} form={form} name={aspect} legend={label} hint={hint} options={STARS} />
        ))}
        <TextAreaField
          form={form}
          name="comment"
          label="A comment about the service (optional)"
          hint="About the delivery, the packaging or the pharmacy’s help only. The pharmacy reviews comments before they are public; comments about the medicine, your skin, side effects or your health are not published. Do not write your name or contact details."
          maxLength={COMMENT_MAX}
          rows={4}
        />
        <p className="hint" aria-live="polite">
          {commentLength === 0 ? `Up to ${COMMENT_MAX} characters.` : `${commentLength} of ${COMMENT_MAX} characters.`}
        </p>
        <FormProblem error={form.serverError} />
        <SubmitButton busy={form.busy} busyText="Sending…">
          Send my rating
        </SubmitButton>
      </form>
    </section>
  );
}
