// A decision's reasons, as the engine gives them: what is wrong, what fixes it, and by when.
import type { Reason } from '../api';
import { formatDate, todayIn } from '../dates';
import { DEFAULT_TIME_ZONE, useSession } from '../session';

export function ReasonList({ reasons, tone = 'blocker' }: { reasons: readonly Reason[]; tone?: 'blocker' | 'warning' }) {
  const { me } = useSession();
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
            {reason.deadline ? reason.deadline < today ? <> The deadline was {formatDate(reason.deadline)}.</> : <> By {formatDate(reason.deadline)}.</> : null}
            {reason.earliestChangeDate ? <> From {formatDate(reason.earliestChangeDate)}.</> : null}
          </p>
          <p className="reason-rule">
            {reason.code} · {reason.rule}
          </p>
        </li>
      ))}
    </ul>
  );
}
