// What every patient should know: the program's key messages (domain.md §6) in plain words,
// grouped by topic. Other pages link to one message with #message-N.
import { useEffect } from 'react';
import { useLocation } from 'react-router-dom';
import { KEY_MESSAGES, TOPICS } from './education';
import './patient.css';

export function LearnPage() {
  const { hash } = useLocation();
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
      <h1>What to know about isotretinoin</h1>
      <p className="lead">
        The {KEY_MESSAGES.length} things the iPLEDGE program asks every patient to know. Your prescriber and pharmacist are there for any question.
      </p>
      <nav aria-label="Topics" className="topic-nav">
        <ul>
          {TOPICS.map(([topic, title]) => (
            <li key={topic}>
              <a href={`#topic-${topic}`}>{title}</a>
            </li>
          ))}
        </ul>
      </nav>
      {TOPICS.map(([topic, title]) => (
        <section key={topic} aria-labelledby={`topic-${topic}`} className="topic">
          <h2 id={`topic-${topic}`} tabIndex={-1}>
            {title}
          </h2>
          {KEY_MESSAGES.filter((message) => message.topic === topic).map((message) => (
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
      <p className="hint">
        This page explains the program in general; it does not replace the Medication Guide you get with every fill or your prescriber&apos;s advice.
      </p>
    </section>
  );
}
