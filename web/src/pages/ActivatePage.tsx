// A patient's first visit, from the activation link her clinic gave her (/activate#token=…): she
// chooses her own password, then is logged in. Reachable without a log-in. The token travels in
// the URL fragment, which the browser never sends to a server; the page takes it out of the
// address bar at once (so it stays out of the history and of a shoulder-surfer's view) and sends
// it only in the body of POST /account-activations.
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../api';
import { FormProblem, required, SubmitButton, TextField, useForm, type Validator, type CrossFieldValidator } from '../components/forms';
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
  const longEnough: Validator = (value) => (value.length < 12 ? 'At least 12 characters.' : value.length > 200 ? 'At most 200 characters.' : undefined);
  const sameAsAbove: CrossFieldValidator<'password'> = (value, { password }) => (value === password ? undefined : 'The two passwords differ.');
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
      <h1>Choose your password</h1>
      <p className="tagline">Your clinic created your isocourse log-in. Choose a password only you know: you log in with your email and this password.</p>
      <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Choose your password">
        {linked && form.serverError?.fieldError('token') === undefined ? null : (
          <TextField form={form} name="token" label="Activation code" autoComplete="off" hint="The code after “token=” in the link your clinic gave you." />
        )}
        <TextField form={form} name="password" label="New password" type="password" autoComplete="new-password" hint="At least 12 characters." />
        <TextField form={form} name="repeat" label="Repeat the password" type="password" autoComplete="new-password" />
        <FormProblem error={form.serverError} />
        <SubmitButton busy={form.busy} busyText="Saving…">
          Save my password and log in
        </SubmitButton>
      </form>
    </main>
  );
}
