// One page of the public medication information, rendered from medicineContent.ts: its sections,
// the patient education's key messages where they say the same, the urgent-help box, the date of
// the last review, the reminder that it does not replace the prescriber's advice, and the sources.
import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { formatDate } from '../../dates';
import { KEY_MESSAGES } from '../patient/education';
import { documentTitle, LAST_REVIEWED, medicinePage, NOT_ADVICE, REVIEWED_BY, SOURCES, URGENT_HELP, type Block } from './medicineContent';
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
  return (
    <aside className={`urgent-help${compact ? ' compact' : ''}`} aria-label="Urgent help">
      <p className="urgent-help-title">{URGENT_HELP.title}</p>
      <p>
        <WithPhoneLinks text={URGENT_HELP.emergency} />
      </p>
      <p>
        <WithPhoneLinks text={URGENT_HELP.crisis} />
      </p>
    </aside>
  );
}

function BlockView({ block }: { block: Block }) {
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
              <Link to={to}>{text}</Link>
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
            const message = KEY_MESSAGES.find((candidate) => candidate.number === number);
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
  const page = medicinePage(path);
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
          Last reviewed: <time dateTime={LAST_REVIEWED}>{formatDate(LAST_REVIEWED)}</time> by {REVIEWED_BY}.
        </p>
        <p>{NOT_ADVICE}</p>
        <h2 id="sources-heading" className="sources-heading">
          Sources
        </h2>
        <ul className="sources" aria-labelledby="sources-heading">
          {SOURCES.map(([name, address]) => (
            <li key={address}>
              <a href={address}>{name}</a>
            </li>
          ))}
        </ul>
      </footer>
    </article>
  );
}
