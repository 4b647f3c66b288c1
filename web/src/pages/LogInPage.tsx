import { Link } from 'react-router-dom';
import { useSession } from '../session';
import { FormProblem, SubmitButton, TextField, useForm } from '../components/forms';
import { LanguageSwitch, useWords } from '../i18n/I18n';

export function LogInPage() {
  const { logIn, ended } = useSession();
  const { t } = useWords();
  const required = (value: string) => (value.trim() === '' ? t('common.required') : undefined);
  const form = useForm({ email: '', password: '' }, { email: [required], password: [required] }, async ({ email, password }) => {
    await logIn(email, password);
  });
  return (
    <main id="main" className="log-in">
      <p className="language-line">
        <LanguageSwitch />
      </p>
      <h1>isocourse</h1>
      <p className="tagline">{t('logIn.tagline')}</p>
      {ended ? (
        <p className="notice" role="status">
          {t('logIn.ended')}
        </p>
      ) : null}
      <form onSubmit={(event) => void form.submit(event)} noValidate aria-label={t('logIn.form')}>
        <TextField form={form} name="email" label={t('logIn.email')} type="email" autoComplete="username" autoFocus />
        <TextField form={form} name="password" label={t('logIn.password')} type="password" autoComplete="current-password" />
        <FormProblem error={form.serverError} />
        <SubmitButton busy={form.busy} busyText={t('logIn.busy')}>
          {t('logIn.submit')}
        </SubmitButton>
      </form>
      <p className="public-link">
        <Link to="/medicine">{t('logIn.publicLink')}</Link> {t('logIn.noLogInNeeded')}
      </p>
    </main>
  );
}
