import { Link } from 'react-router-dom';
import { useWords } from '../i18n/I18n';

export function NotFoundPage() {
  const { t, rich } = useWords();
  return (
    <section>
      <h1>{t('notFound.title')}</h1>
      <p>{rich('notFound.body', { home: (chunks) => <Link to="/">{chunks}</Link> })}</p>
    </section>
  );
}
