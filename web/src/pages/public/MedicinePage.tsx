// One page of the public medication information, rendered from medicineContent.ts: its sections,
// the patient education's key messages where they say the same, the urgent-help box, the date of
// the last review, the reminder that it does not replace the prescriber's advice, and the sources.
import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { formatDate } from '../../dates';
import { useLanguage } from '../../i18n/I18n';
import { INTL_LOCALES } from '../../i18n/locales';
import { documentTitle, LAST_REVIEWED, medicinePage, SOURCES, type Block } from './medicineContent';
import { KEY_MESSAGES_BY_LOCALE, localizedPath, MEDICINE_CONTENT } from './medicineContents';
import { NotFoundPage } from '../NotFoundPage';

/** Text with the crisis and emergency numbers as phone links. */
function WithPhoneLinks({ text }: { text: string }) {
  return (
    <>
      {text.split(/\b(911|988)\b/).map((part, index) =>
        part === '911' || part === '988' ? (
          <a key={index} href={`tel:${part}`}>
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </>
  );
}

export function UrgentHelp({ compact = false }: { compact?: boolean }) {
  const { urgentHelp } = MEDICINE_CONTENT[useLanguage().locale];
  return (
    <aside className={`urgent-help${compact ? ' compact' : ''}`} aria-label={urgentHelp.label}>
      <p className="urgent-help-title">{urgentHelp.title}</p>
      <p>
        <WithPhoneLinks text={urgentHelp.emergency} />
      </p>
      <p>
        <WithPhoneLinks text={urgentHelp.crisis} />
      </p>
    </aside>
  );
}

function BlockView({ block }: { block: Block }) {
  const { locale } = useLanguage();
  switch (block.kind) {
    case 'text':
      return (
        <p>
          <WithPhoneLinks text={block.text} />
        </p>
      );
    case 'list':
      return (
        <ul className="info-list">
          {block.items.map((item) => (
            <li key={item}>
              <WithPhoneLinks text={item} />
            </li>
          ))}
        </ul>
      );
    case 'links':
      return (
        <ul className="info-links">
          {block.links.map(([to, text]) => (
            <li key={to}>
              <Link to={localizedPath(to, locale)}>{text}</Link>
            </li>
          ))}
        </ul>
      );
    case 'urgent':
      return <UrgentHelp />;
    case 'keyMessages':
      return (
        <>
          {block.numbers.map((number) => {
            const message = KEY_MESSAGES_BY_LOCALE[locale].find((candidate) => candidate.number === number);
            return message === undefined ? null : (
              <div key={number} className="shared-message">
                <h3>{message.title}</h3>
                {message.body.map((paragraph) => (
                  <p key={paragraph}>{paragraph}</p>
                ))}
              </div>
            );
          })}
        </>
      );
  }
}

export function MedicinePage({ path }: { path: string }) {
  const { locale } = useLanguage();
  const content = MEDICINE_CONTENT[locale];
  const page = medicinePage(path, content.pages);
  useEffect(() => {
    if (page !== undefined) {
      document.title = documentTitle(page);
    }
  }, [page]);
  if (page === undefined) {
    return <NotFoundPage />;
  }
  return (
    <article className="medicine-page" aria-labelledby="medicine-title">
      <h1 id="medicine-title">{page.title}</h1>
      <p className="lead">{page.summary}</p>
      {page.sections.map((section) => (
        <section key={section.id} id={section.id} aria-labelledby={`${section.id}-heading`} className="card info-section">
          <h2 id={`${section.id}-heading`}>{section.heading}</h2>
          {section.blocks.map((block, index) => (
            <BlockView key={index} block={block} />
          ))}
        </section>
      ))}
      {page.sections.some((section) => section.blocks.some((block) => block.kind === 'urgent')) ? null : <UrgentHelp compact />}
      <footer className="review-note">
        <p>
          {content.lastReviewedLabel} <time dateTime={LAST_REVIEWED}>{formatDate(LAST_REVIEWED, INTL_LOCALES[locale])}</time> {content.reviewedByLabel}{' '}
          {content.reviewedBy}.
        </p>
        <p>{content.notAdvice}</p>
        <h2 id="sources-heading" className="sources-heading">
          {content.sourcesHeading}
        </h2>
        <ul className="sources" aria-labelledby="sources-heading">
          {SOURCES.map(([name, address], index) => (
            <li key={address}>
              <a href={address}>{content.sourceNames[index] ?? name}</a>
            </li>
          ))}
        </ul>
      </footer>
    </article>
  );
}
