// What every patient should know: the program's key messages (domain.md §6) in plain words,
// grouped by topic. Other pages link to one message with #message-N.
import { useEffect } from 'react';
import { useLocation } from 'react-router-dom';
import { useLanguage, useWords } from '../../i18n/I18n';
import type { Locale } from '../../i18n/locales';
import { KEY_MESSAGES, TOPICS, type KeyMessage, type Topic } from './education';
import { KEY_MESSAGES_ES, TOPICS_ES } from './education.es';
import './patient.css';

/** The key messages in each language (English the source). */
const CONTENT: Record<Locale, { topics: ReadonlyArray<readonly [Topic, string]>; messages: readonly KeyMessage[] }> = {
  en: { topics: TOPICS, messages: KEY_MESSAGES },
  es: { topics: TOPICS_ES, messages: KEY_MESSAGES_ES },
};

export function LearnPage() {
  const { hash } = useLocation();
  const { t } = useWords();
  const { topics, messages } = CONTENT[useLanguage().locale];
  useEffect(() => {
    if (hash === '') {
      return;
    }
    const target = document.getElementById(hash.slice(1));
    if (target !== null) {
      target.scrollIntoView({ block: 'start' });
      target.focus({ preventScroll: true });
    }
  }, [hash]);
  return (
    <section className="patient-page learn">
      <h1>{t('learn.title')}</h1>
      <p className="lead">{t('learn.lead', { count: messages.length })}</p>
      <nav aria-label={t('learn.topics')} className="topic-nav">
        <ul>
          {topics.map(([topic, title]) => (
            <li key={topic}>
              <a href={`#topic-${topic}`}>{title}</a>
            </li>
          ))}
        </ul>
      </nav>
      {topics.map(([topic, title]) => (
        <section key={topic} aria-labelledby={`topic-${topic}`} className="topic">
          <h2 id={`topic-${topic}`} tabIndex={-1}>
            {title}
          </h2>
          {messages
            .filter((message) => message.topic === topic)
            .map((message) => (
              <article
                key={message.number}
                id={`message-${message.number}`}
                tabIndex={-1}
                className="card key-message"
                aria-labelledby={`message-${message.number}-title`}
              >
                <h3 id={`message-${message.number}-title`}>{message.title}</h3>
                {message.body.map((paragraph) => (
                  <p key={paragraph}>{paragraph}</p>
                ))}
              </article>
            ))}
        </section>
      ))}
      <p className="hint">{t('learn.notAGuide')}</p>
    </section>
  );
}
