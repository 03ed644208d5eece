import { ConsoleFrame } from './frame.js';
import type { ConsolePage } from './page-context.js';

export type SignInMessage = 'unavailable' | 'expired' | 'failed' | 'notStaff' | 'signedOut';

/** A page about the sign-in itself (no one is signed in on it), with the way back to sign-in. */
export function SignInMessagePage(props: { page: ConsolePage; message: SignInMessage; ok: boolean }) {
  const { page, message, ok } = props;
  const t = page.text.signIn;
  return (
    <ConsoleFrame page={page} title={t[`${message}Title`]}>
      <div class="panel" style="max-width:32rem">
        <p class={ok ? 'ok' : 'alert'} role={ok ? 'status' : 'alert'}>
          {t[message]}
        </p>
        <p>
          <a href={page.link('/staff/sign-in')}>{t.again}</a>
        </p>
      </div>
    </ConsoleFrame>
  );
}

/** Says in words why a role may not see a page (403), and who is signed in. */
export function ForbiddenPage(props: { page: ConsolePage }) {
  const { page } = props;
  const roleNames = page.staff?.roles.map((role) => page.text.roles[role]).join(' / ') || '—';
  return (
    <ConsoleFrame page={page} title={page.text.forbidden.title}>
      <p class="alert" role="alert">
        {page.text.forbidden.body(roleNames)}
      </p>
      <p>
        <a href={page.link('/staff')}>{page.text.forbidden.back}</a>
      </p>
    </ConsoleFrame>
  );
}
