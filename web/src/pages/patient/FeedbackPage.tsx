// Rating the pharmacy's service after delivery (issue 6): delivery, packaging and support, 1 to 5
// each, and an optional comment about the service (GET/POST /patients/{id}/orders/{orderId}/feedback).
// Once sent, the page shows where the comment stands: waiting for the pharmacy, published, or not
// published and why. The ratings count at once; comments about what the medicine did are never
// published — this page says so before the patient writes one.
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api';
import type { OrderFeedback, ServiceFeedbackView } from '../../apiTypes';
import { FormProblem, maxLength, SubmitButton, TextAreaField, useForm, worded, type Validator } from '../../components/forms';
import { RatingList } from '../../components/ratings';
import { ReasonList } from '../../components/reasons';
import { LoadFailed, Loading, useLoad } from '../../components/status';
import { useWords } from '../../i18n/I18n';
import type { MessageId } from '../../i18n/messages/en';
import { useMe } from '../../session';
import { RadioGroup } from './fields';
import { NotLinked } from './NotLinked';
import './patient.css';

type Name = 'delivery' | 'packaging' | 'support' | 'comment';

const COMMENT_MAX = 1000;

const STARS: readonly MessageId[] = ['feedback.star1', 'feedback.star2', 'feedback.star3', 'feedback.star4', 'feedback.star5'];

const ASPECTS: ReadonlyArray<readonly [Exclude<Name, 'comment'>, MessageId, MessageId]> = [
  ['delivery', 'ratings.delivery', 'feedback.deliveryHint'],
  ['packaging', 'ratings.packaging', 'feedback.packagingHint'],
  ['support', 'ratings.support', 'feedback.supportHint'],
];

function Sent({ feedback }: { feedback: ServiceFeedbackView }) {
  const { t, date } = useWords();
  return (
    <>
      <RatingList ratings={feedback.ratings} />
      <p className="hint">{t('feedback.sentOn', { date: date(feedback.submittedOn) })}</p>
      {feedback.comment === null ? null : <blockquote className="feedback-comment">{feedback.comment}</blockquote>}
      <p>
        <strong>{t(`feedback.status.${feedback.commentStatus}`)}</strong>
      </p>
      {feedback.commentStatus === 'rejected' && feedback.moderation?.reason ? <p>{t('feedback.reason', { reason: feedback.moderation.reason })}</p> : null}
      {feedback.commentStatus === 'awaitingModeration' && feedback.warnings.length > 0 ? <p className="notice">{t('feedback.warning')}</p> : null}
    </>
  );
}

export function FeedbackPage() {
  const me = useMe();
  const { orderId = '' } = useParams();
  const patientId = me.patientId;
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const { t, date } = useWords();
  const chosen: Validator = (value) => (value === '' ? t('feedback.choose') : undefined);
  const notBlankIfGiven: Validator = (value) => (value !== '' && value.trim() === '' ? t('feedback.blankComment') : undefined);
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
    {
      delivery: [chosen],
      packaging: [chosen],
      support: [chosen],
      comment: [notBlankIfGiven, worded(maxLength(COMMENT_MAX), t('common.atMost', { length: COMMENT_MAX }))],
    },
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
    return <NotLinked title={t('feedback.pageTitle')} />;
  }
  if (sent === null && loaded.error !== null) {
    return (
      <section className="patient-page">
        <h1>{t('feedback.pageTitle')}</h1>
        <LoadFailed error={loaded.error} retry={loaded.reload} />
      </section>
    );
  }
  const data = sent ?? loaded.data;
  if (data === undefined) {
    return (
      <section className="patient-page">
        <h1>{t('feedback.pageTitle')}</h1>
        <Loading what={t('feedback.loading')} />
      </section>
    );
  }
  const { order, feedback, mayRate } = data;
  const pharmacyName = order.pharmacy.name === '' ? t('feedback.thePharmacy') : order.pharmacy.name;

  if (feedback !== null) {
    return (
      <section className="patient-page">
        <h1>{t('feedback.yourRating', { pharmacy: pharmacyName })}</h1>
        <div className="success" role="status">
          <h2 ref={resultHeading} tabIndex={-1} className="result-heading">
            {t('feedback.thanks')}
          </h2>
        </div>
        <Sent feedback={feedback} />
        <div className="button-row">
          <Link className="button" to="/">
            {t('feedback.back')}
          </Link>
        </div>
      </section>
    );
  }

  if (!mayRate.allowed) {
    return (
      <section className="patient-page">
        <h1>{t('feedback.rate', { pharmacy: pharmacyName })}</h1>
        {/* The one reason a rating waits for, in her language; any other, as the server words it. */}
        {mayRate.reasons.every((reason) => reason.code === 'ORDER_NOT_DELIVERED') ? (
          <p className="notice">{['cancelled', 'stopped', 'refunded'].includes(order.state) ? t('feedback.willNotArrive') : t('feedback.notDelivered')}</p>
        ) : (
          <ReasonList reasons={mayRate.reasons} />
        )}
      </section>
    );
  }

  const commentLength = form.values.comment.length;
  return (
    <section className="patient-page">
      <h1>{t('feedback.rate', { pharmacy: pharmacyName })}</h1>
      <p className="lead">{order.deliveredOn === null ? t('feedback.lead') : t('feedback.leadDelivered', { date: date(order.deliveredOn) })}</p>
      <form onSubmit={(event) => void form.submit(event)} noValidate aria-label={t('feedback.form')}>
        {ASPECTS.map(([aspect, label, hint]) => (
          <RadioGroup
            key={aspect}
            form={form}
            name={aspect}
            legend={t(label)}
            hint={t(hint)}
            options={STARS.map((star, index) => [String(index + 1), t(star)] as const)}
          />
        ))}
        <TextAreaField form={form} name="comment" label={t('feedback.comment')} hint={t('feedback.commentHint')} maxLength={COMMENT_MAX} rows={4} />
        <p className="hint" aria-live="polite">
          {commentLength === 0 ? t('feedback.upTo', { max: COMMENT_MAX }) : t('feedback.count', { length: commentLength, max: COMMENT_MAX })}
        </p>
        <FormProblem error={form.serverError} />
        <SubmitButton busy={form.busy} busyText={t('feedback.sending')}>
          {t('feedback.submit')}
        </SubmitButton>
      </form>
    </section>
  );
}
