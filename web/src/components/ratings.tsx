// Service ratings (issue 6) as people read them: each of delivery, packaging and support as
// "4.3 of 5", with how many ratings an average is made of. Text, not star pictures alone, so a
// screen reader says the same as the page shows. In the reader's language (staff pages: English).
import { useIntl } from 'react-intl';
import type { RatingSummary, ServiceRatings } from '../apiTypes';
import { useWords } from '../i18n/I18n';
import type { MessageId } from '../i18n/messages/en';
import './ratings.css';

export const RATING_ASPECTS: ReadonlyArray<readonly [keyof ServiceRatings, MessageId]> = [
  ['delivery', 'ratings.delivery'],
  ['packaging', 'ratings.packaging'],
  ['support', 'ratings.support'],
];

/** One patient's three ratings. */
export function RatingList({ ratings }: { ratings: ServiceRatings }) {
  const { t } = useWords();
  return (
    <ul className="rating-list">
      {RATING_ASPECTS.map(([aspect, label]) => (
        <li key={aspect}>
          <span className="rating-aspect">{t(label)}</span>
          <span className="rating-value">{t('ratings.outOf5', { value: ratings[aspect] })}</span>
        </li>
      ))}
    </ul>
  );
}

/** A pharmacy's three averages, each with its count. */
export function AverageList({ ratings }: { ratings: Record<keyof ServiceRatings, RatingSummary> }) {
  const { t } = useWords();
  const intl = useIntl();
  return (
    <ul className="rating-list">
      {RATING_ASPECTS.map(([aspect, label]) => {
        const { average, count } = ratings[aspect];
        return (
          <li key={aspect}>
            <span className="rating-aspect">{t(label)}</span>
            <span className="rating-value">
              {average === null
                ? t('ratings.none')
                : t('ratings.outOf5', { value: intl.formatNumber(average, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) })}
            </span>
            {count === 0 ? null : <span className="hint"> {t('ratings.count', { count })}</span>}
          </li>
        );
      })}
    </ul>
  );
}
