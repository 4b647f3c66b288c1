// Service ratings (issue 6) as people read them: each of delivery, packaging and support as
// "4.3 of 5", with how many ratings an average is made of. Text, not star pictures alone, so a
// screen reader says the same as the page shows.
import type { RatingSummary, ServiceRatings } from '../apiTypes';
import './ratings.css';

export const RATING_ASPECTS: ReadonlyArray<readonly [keyof ServiceRatings, string]> = [
  ['delivery', 'Delivery'],
  ['packaging', 'Packaging'],
  ['support', 'Support'],
];

/** One patient's three ratings. */
export function RatingList({ ratings }: { ratings: ServiceRatings }) {
  return (
    <ul className="rating-list">
      {RATING_ASPECTS.map(([aspect, label]) => (
        <li key={aspect}>
          <span className="rating-aspect">{label}</span>
          <span className="rating-value">{ratings[aspect]} of 5</span>
        </li>
      ))}
    </ul>
  );
}

/** A pharmacy's three averages, each with its count. */
export function AverageList({ ratings }: { ratings: Record<keyof ServiceRatings, RatingSummary> }) {
  return (
    <ul className="rating-list">
      {RATING_ASPECTS.map(([aspect, label]) => {
        const { average, count } = ratings[aspect];
        return (
          <li key={aspect}>
            <span className="rating-aspect">{label}</span>
            <span className="rating-value">{average === null ? 'No ratings yet' : `${average.toFixed(1)} of 5`}</span>
            {count === 0 ? null : (
              <span className="hint">
                {' '}
                ({count} rating{count === 1 ? '' : 's'})
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
