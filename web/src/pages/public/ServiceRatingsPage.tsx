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
import { useWords } from '../../i18n/I18n';
import '../../components/ratings.css';

const monthFormats = new Map<string, Intl.DateTimeFormat>();

/** "2025-03" → "March 2025" ("marzo de 2025" in Spanish). */
export function formatMonth(month: string, locale = 'en-US'): string {
  let format = monthFormats.get(locale);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
    monthFormats.set(locale, format);
  }
  return format.format(new Date(`${month}-01T00:00:00Z`));
}

export function ServiceRatingsPage() {
  const loaded = useLoad(() => api.get<PublicServiceRatings>('/public/service-ratings'), []);
  const { t, locale } = useWords();
  return (
    <section className="service-ratings">
      <h1>{t('serviceRatings.title')}</h1>
      <p className="lead">{t('serviceRatings.lead')}</p>
      <p className="notice">{t('serviceRatings.notice')}</p>
      <Await loaded={loaded} what={t('serviceRatings.loading')}>
        {({ pharmacies }) =>
          pharmacies.length === 0 ? (
            <p>{t('serviceRatings.noPharmacy')}</p>
          ) : (
            <>
              {pharmacies.map(({ pharmacy, ratings, comments }) => (
                <article key={pharmacy.id} className="card" aria-labelledby={`pharmacy-${pharmacy.id}`}>
                  <h2 id={`pharmacy-${pharmacy.id}`}>{pharmacy.name}</h2>
                  <AverageList ratings={ratings} />
                  {comments.length === 0 ? (
                    <p className="hint">{t('serviceRatings.noComments')}</p>
                  ) : (
                    <>
                      <h3>{t('serviceRatings.commentsHeading')}</h3>
                      <ul className="feedback-list">
                        {comments.map((comment, index) => (
                          <li key={`${comment.month}-${index}`}>
                            <blockquote className="feedback-comment">{comment.text}</blockquote>
                            <p className="hint">{formatMonth(comment.month, locale)}</p>
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
