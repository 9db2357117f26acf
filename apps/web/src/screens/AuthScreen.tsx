import { type FormEvent, useId, useState } from 'react';
import { ErrorMessage } from '../components/feedback.tsx';
import { sessionNotice, signedIn } from '../runtime.ts';
import { useStore } from '../store.ts';
import { trpc } from '../trpc.ts';

type Mode = 'login' | 'signup';

/** Sign up or log in. The server sets the session cookie; the app only learns who you are. */
export function AuthScreen() {
  const [mode, setMode] = useState<Mode>('login');
  const notice = useStore(sessionNotice);
  const login = trpc.auth.login.useMutation({ onSuccess: (data) => signedIn(data.user) });
  const register = trpc.auth.register.useMutation({ onSuccess: (data) => signedIn(data.user) });
  const pending = login.isPending || register.isPending;
  const error = mode === 'login' ? login.error : register.error;
  const ids = { name: useId(), email: useId(), password: useId(), form: useId() };
  const action = mode === 'login' ? 'Log in' : 'Sign up';

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '');
    const password = String(form.get('password') ?? '');
    if (mode === 'login') login.mutate({ email, password });
    else register.mutate({ email, password, name: String(form.get('name') ?? '') });
  };

  return (
    <main className="auth">
      <div className="auth-card card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>
          Adopt-a-Street
        </div>
        <h1 className="auth-heading">{mode === 'login' ? 'Log in to your account' : 'Create your account'}</h1>
        <p className="muted">Look after your street with your neighbours: clean-ups, tasks, and a little glory.</p>
        {notice ? (
          <p className="notice" role="status">
            {notice}
          </p>
        ) : null}
        <div className="tabs" role="tablist" aria-label="Log in or sign up">
          {(['login', 'signup'] as const).map((m) => (
            <button
              key={m}
              type="button"
              role="tab"
              aria-selected={mode === m}
              aria-controls={ids.form}
              className="tab"
              onClick={() => setMode(m)}
            >
              {m === 'login' ? 'Log in' : 'Sign up'}
            </button>
          ))}
        </div>
        <form id={ids.form} onSubmit={submit} className="stack" aria-label={action}>
          {mode === 'signup' ? (
            <div className="field">
              <label htmlFor={ids.name}>Your name</label>
              <input id={ids.name} name="name" autoComplete="name" required maxLength={80} />
            </div>
          ) : null}
          <div className="field">
            <label htmlFor={ids.email}>Email</label>
            <input id={ids.email} name="email" type="email" autoComplete="email" required maxLength={254} />
          </div>
          <div className="field">
            <label htmlFor={ids.password}>Password</label>
            <input
              id={ids.password}
              name="password"
              type="password"
              autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
              required
              minLength={mode === 'signup' ? 8 : 1}
              maxLength={200}
            />
            {mode === 'signup' ? <p className="hint">At least 8 characters.</p> : null}
          </div>
          <ErrorMessage error={error} />
          <button type="submit" className="button" disabled={pending}>
            {pending ? 'One moment…' : mode === 'login' ? 'Log in' : 'Create account'}
          </button>
        </form>
      </div>
    </main>
  );
}
