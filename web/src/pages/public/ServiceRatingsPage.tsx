// The public page of the pharmacies' service ratings (issue 6; no log-in): for each pharmacy a
// patient can order from, the averages of delivery, packaging and support with how many ratings
// they are made of, and the comments the pharmacy published — text, month and ratings only, never
// a name. Ratings of the service only: what the medicine does is between the patient and their
// prescriber, and comments about it are never published (GET /public/service-ratings).
// The lead routes it at /medicine/service-ratings inside the public layout.
import { api } from '../../api';
import type { PublicServiceRatings } from '../../apiTypes';
import { AverageList, RatingList } from '../../components/ratings';
import { Await, useLoad } from '../../components/status';
import '../../components/ratings.css';

const monthFormat = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "2025-03" → "March 2025". */
export function formatMonth(month: string): string {
  return monthFormat.format(new Date(`${month}-01T00:00:00Z`));
}

export function ServiceRatingsPage() {
  const loaded = useLoad(() => api.get<PublicServiceRatings>('/public/service-ratings'), []);
  return (
    <section className="service-ratings">
      <h1>Pharmacy service ratings</h1>
      <p className="lead">
        How patients rated the service of the pharmacies that deliver isotretinoin through isocourse: the delivery, the packaging and the pharmacy’s support,
        from 1 (poor) to 5 (excellent). Every rating counts; comments appear once the pharmacy has reviewed them.
      </p>
      <p className="notice">
        These are ratings of the pharmacy’s service only, not of the medicine. Comments about what the medicine did are not published. For questions about your
        treatment, ask your prescriber.
      </p>
      <Await loaded={loaded} what="the ratings">
        {({ pharmacies }) =>
          pharmacies.length === 0 ? (
            <p>No pharmacy is listed yet.</p>
          ) : (
            <>
              {pharmacies.map(({ pharmacy, ratings, comments }) => (
                <article key={pharmacy.id} className="card" aria-labelledby={`pharmacy-${pharmacy.id}`}>
                  <h2 id={`pharmacy-${pharmacy.id}`}>{pharmacy.name}</h2>
                  <AverageList ratings={ratings} />
                  {comments.length === 0 ? (
                    <p className="hint">No published comments yet.</p>
                  ) : (
                    <>
                      <h3>What patients said about the service</h3>
                      <ul className="feedback-list">
                        {comments.map((comment, index) => (
                          <li key={`${comment.month}-${index}`}>
                            <blockquote className="feedback-comment">{comment.text}</blockquote>
                            <p className="hint">{formatMonth(comment.month)}</p>
                            <RatingList ratings={comment.ratings} />
                          </li>
                        ))}
                      </ul>
                    </>
                  )}
                </article>
              ))}
            </>
          )
        }
      </Await>
    </section>
  );
}
