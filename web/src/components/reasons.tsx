// A decision's reasons, as the engine gives them: what is wrong, what fixes it, and by when.
// The dates' words in the reader's language (a patient's refusal); the reasons' own words are the server's.
import type { Reason } from '../api';
import { todayIn } from '../dates';
import { useWords } from '../i18n/I18n';
import { DEFAULT_TIME_ZONE, useSession } from '../session';

export function ReasonList({ reasons, tone = 'blocker' }: { reasons: readonly Reason[]; tone?: 'blocker' | 'warning' }) {
  const { me } = useSession();
  const { t, date } = useWords();
  if (reasons.length === 0) {
    return null;
  }
  const today = todayIn(me?.timeZone ?? DEFAULT_TIME_ZONE);
  return (
    <ul className={`reasons reasons-${tone}`}>
      {reasons.map((reason) => (
        <li key={`${reason.code}-${reason.message}`} data-code={reason.code}>
          <p className="reason-message">{reason.message}</p>
          <p className="reason-action">
            {reason.action}
            {reason.deadline
              ? ` ${reason.deadline < today ? t('reasons.deadlineWas', { date: date(reason.deadline) }) : t('reasons.by', { date: date(reason.deadline) })}`
              : null}
            {reason.earliestChangeDate ? ` ${t('reasons.from', { date: date(reason.earliestChangeDate) })}` : null}
          </p>
          <p className="reason-rule">
            {reason.code} · {reason.rule}
          </p>
        </li>
      ))}
    </ul>
  );
}
