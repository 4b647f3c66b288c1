// A patient's first visit, from the activation link her clinic gave her (/activate#token=…): she
// chooses her own password, then is logged in. Reachable without a log-in. The token travels in
// the URL fragment, which the browser never sends to a server; the page takes it out of the
// address bar at once (so it stays out of the history and of a shoulder-surfer's view) and sends
// it only in the body of POST /account-activations.
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../api';
import { FormProblem, SubmitButton, TextField, useForm, type Validator, type CrossFieldValidator } from '../components/forms';
import { LanguageSwitch, useWords } from '../i18n/I18n';
import { useSession } from '../session';

function tokenFromFragment(): string {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  return match?.[1] ?? '';
}

export function ActivatePage() {
  const { logIn } = useSession();
  const navigate = useNavigate();
  // Read once, on the first render: the effect below takes the token out of the address bar.
  const [fromLink] = useState(tokenFromFragment);
  const linked = fromLink !== '';
  useEffect(() => {
    if (window.location.hash !== '') {
      window.history.replaceState(window.history.state, '', '/activate');
    }
  }, []);
  const { t } = useWords();
  const required: Validator = (value) => (value.trim() === '' ? t('common.required') : undefined);
  const longEnough: Validator = (value) => (value.length < 12 ? t('activate.atLeast12') : value.length > 200 ? t('activate.atMost200') : undefined);
  const sameAsAbove: CrossFieldValidator<'password'> = (value, { password }) => (value === password ? undefined : t('activate.differ'));
  const form = useForm(
    { token: fromLink, password: '', repeat: '' },
    { token: [required], password: [required, longEnough], repeat: [required, sameAsAbove] },
    async ({ token, password }) => {
      const { email } = await api.post<{ email: string }>('/account-activations', { token: token.trim(), password });
      await logIn(email, password);
      void navigate('/', { replace: true });
    },
  );
  return (
    <main id="main" className="log-in">
      <p className="language-line">
        <LanguageSwitch />
      </p>
      <h1>{t('activate.title')}</h1>
      <p className="tagline">{t('activate.tagline')}</p>
      <form onSubmit={(event) => void form.submit(event)} noValidate aria-label={t('activate.title')}>
        {linked && form.serverError?.fieldError('token') === undefined ? null : (
          <TextField form={form} name="token" label={t('activate.code')} autoComplete="off" hint={t('activate.codeHint')} />
        )}
        <TextField form={form} name="password" label={t('activate.newPassword')} type="password" autoComplete="new-password" hint={t('activate.atLeast12')} />
        <TextField form={form} name="repeat" label={t('activate.repeat')} type="password" autoComplete="new-password" />
        <FormProblem error={form.serverError} />
        <SubmitButton busy={form.busy} busyText={t('activate.saving')}>
          {t('activate.submit')}
        </SubmitButton>
      </form>
    </main>
  );
}
