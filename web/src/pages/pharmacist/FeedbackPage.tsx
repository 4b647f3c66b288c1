// The pharmacy's moderation of patients' comments on its service (issue 6): comments awaiting a
// decision, oldest first, each with what the claim screen found; publish, or reject with a reason
// (the patient sees it). A comment that speaks of what the medicine did cannot be published: the
// server refuses it, and this page offers only "reject" for it. Ratings need no decision: they
// count in the public averages as soon as they are given. No patient is named here.
import { useState } from 'react';
import { api, asApiError, type ApiError } from '../../api';
import type { FeedbackModerationQueue, ServiceFeedbackView } from '../../apiTypes';
import { FormProblem, maxLength, required, SubmitButton, TextAreaField, useForm } from '../../components/forms';
import { RatingList } from '../../components/ratings';
import { ReasonList } from '../../components/reasons';
import { Await, useLoad, HeadingWithRefresh } from '../../components/status';
import { formatDate } from '../../dates';
import './pharmacist.css';

const STATUS_TEXT = {
  noComment: 'No comment',
  awaitingModeration: 'Awaiting a decision',
  published: 'Published',
  rejected: 'Rejected',
} as const;

function RejectForm({ item, onDone, onCancel }: { item: ServiceFeedbackView; onDone: () => void; onCancel: () => void }) {
  const form = useForm<'reason'>(
    { reason: item.warnings.length > 0 ? 'Speaks of the medicine or health, not of our service' : '' },
    { reason: [required, maxLength(500)] },
    async (values) => {
      await api.post(`/pharmacy/feedback/${item.id}/moderation`, { decision: 'rejected', reason: values.reason.trim() });
      onDone();
    },
  );
  return (
    <form onSubmit={(event) => void form.submit(event)} noValidate aria-label={`Reject the comment of ${formatDate(item.submittedOn)}`}>
      <TextAreaField form={form} name="reason" label="Why is it rejected? (the patient sees this)" rows={2} />
      <FormProblem error={form.serverError} />
      <div className="feedback-actions">
        <SubmitButton busy={form.busy} busyText="Rejecting…">
          Reject the comment
        </SubmitButton>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function QueueItem({ item, onChanged }: { item: ServiceFeedbackView; onChanged: () => void }) {
  const [rejecting, setRejecting] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const flagged = item.warnings.length > 0;

  async function publish(): Promise<void> {
    setPublishing(true);
    setProblem(null);
    try {
      await api.post(`/pharmacy/feedback/${item.id}/moderation`, { decision: 'published' });
      onChanged();
    } catch (caught) {
      setProblem(asApiError(caught));
    } finally {
      setPublishing(false);
    }
  }

  return (
    <li className="card">
      <h3>
        Sent {formatDate(item.submittedOn)}{' '}
        <span className={`badge${flagged ? ' badge-warning' : ''}`}>{flagged ? 'Cannot be published' : STATUS_TEXT[item.commentStatus]}</span>
      </h3>
      <RatingList ratings={item.ratings} />
      <blockquote className="feedback-comment">{item.comment}</blockquote>
      {flagged ? <ReasonList reasons={item.warnings} tone="warning" /> : null}
      {item.moderation === null ? null : (
        <p className="hint">
          {STATUS_TEXT[item.moderation.decision]} on {formatDate(item.moderation.decidedOn)}
          {item.moderation.reason === null ? '' : `: ${item.moderation.reason}`}
        </p>
      )}
      {problem === null ? null : <FormProblem error={problem} />}
      {rejecting ? (
        <RejectForm
          item={item}
          onDone={onChanged}
          onCancel={() => {
            setRejecting(false);
          }}
        />
      ) : (
        <div className="feedback-actions">
          {flagged || item.commentStatus === 'published' ? null : (
            <button type="button" className="primary" onClick={() => void publish()} disabled={publishing} aria-busy={publishing}>
              {publishing ? 'Publishing…' : 'Publish the comment'}
            </button>
          )}
          {item.commentStatus === 'rejected' ? null : (
            <button
              type="button"
              onClick={() => {
                setRejecting(true);
              }}
            >
              {item.commentStatus === 'published' ? 'Withdraw (reject)…' : 'Reject…'}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

export function FeedbackPage() {
  const loaded = useLoad(() => api.get<FeedbackModerationQueue>('/pharmacy/feedback'), []);
  return (
    <section className="pharmacy">
      <HeadingWithRefresh title="Patient feedback" loaded={loaded} />
      <p className="hint lead">
        Ratings count in your public averages as soon as they are given. Comments are public only once you publish them; a comment about the medicine, the skin,
        side effects or health cannot be published — reject it, its ratings still count.
      </p>
      <Await loaded={loaded} what="the feedback">
        {({ awaiting, recentlyDecided }) => (
          <>
            <h2>Awaiting a decision ({awaiting.length})</h2>
            {awaiting.length === 0 ? (
              <p className="notice">No comment is waiting.</p>
            ) : (
              <ul className="feedback-list">
                {awaiting.map((item) => (
                  <QueueItem key={item.id} item={item} onChanged={loaded.reload} />
                ))}
              </ul>
            )}
            <h2>Recently decided</h2>
            {recentlyDecided.length === 0 ? (
              <p className="notice">Nothing decided yet.</p>
            ) : (
              <ul className="feedback-list">
                {recentlyDecided.map((item) => (
                  <QueueItem key={item.id} item={item} onChanged={loaded.reload} />
                ))}
              </ul>
            )}
          </>
        )}
      </Await>
    </section>
  );
}
