import { Link } from 'react-router-dom';
import { useSession } from '../session';
import { FormProblem, required, SubmitButton, TextField, useForm } from '../components/forms';

export function LogInPage() {
  const { logIn, ended } = useSession();
  const form = useForm({ email: '', password: '' }, { email: [required], password: [required] }, async ({ email, password }) => {
    await logIn(email, password);
  });
  return (
    <main id="main" className="log-in">
      <h1>isocourse</h1>
      <p className="tagline">An isotretinoin course, run safely, from the first visit to the last follow-up.</p>
      {ended ? (
        <p className="notice" role="status">
          Your session ended. Log in again to go on.
        </p>
      ) : null}
      <form onSubmit={(event) => void form.submit(event)} noValidate aria-label="Log in">
        <TextField form={form} name="email" label="Email" type="email" autoComplete="username" autoFocus />
        <TextField form={form} name="password" label="Password" type="password" autoComplete="current-password" />
        <FormProblem error={form.serverError} />
        <SubmitButton busy={form.busy} busyText="Logging in…">
          Log in
        </SubmitButton>
      </form>
      <p className="public-link">
        <Link to="/medicine">About isotretinoin: what it is for, side effects, the pregnancy-prevention program and common questions</Link> — no log-in needed.
      </p>
    </main>
  );
}
