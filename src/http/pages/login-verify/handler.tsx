// GET/POST /login/verify and POST /login/verify/resend: the code step of sign-in. Success sets the
// session cookie (a new session: nothing from before sign-in survives) and goes where the person
// was headed, or to their account.
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import type { LoginView } from '../../../core/flows/login/flow.ts';
import { codeStepRoutes } from '../../shared/code-step.tsx';
import { CodeEntryView } from '../../shared/code-entry.tsx';
import { safeNext, setSessionCookie } from '../../shared/session.ts';

export function loginVerifyPage(app: FastifyInstance, deps: HttpDependencies): void {
  codeStepRoutes<LoginView>(app, {
    path: '/login/verify',
    load: (flowId) => deps.login.view(flowId),
    finishedUrl: (view, flowId) => (view.state === 'completed' ? '/account' : view.state === 'new_password' ? `/login/new-password?flow=${flowId}` : null),
    render: (page, view, flowId, extra) => {
      const { t } = page;
      const next = new URL(page.currentUrl, 'http://local').searchParams.get('next');
      const nextPart = next ? `&next=${encodeURIComponent(safeNext(next))}` : '';
      return (
        <CodeEntryView
          page={page}
          title={t('login.verify_title')}
          submitLabel={t('login.verify_submit')}
          action={`/login/verify?flow=${flowId}${nextPart}`}
          resendAction={`/login/verify/resend?flow=${flowId}${nextPart}`}
          startAgain={{ href: '/login', label: t('login.start_again') }}
          mobileMasked={view.mobileMasked}
          otpExpiresAt={view.otpExpiresAt}
          resendAvailableAt={view.resendAvailableAt}
          error={extra.error}
          notice={extra.notice}
        />
      );
    },
    verify: async (flowId, code, request, reply) => {
      const outcome = await deps.login.submit(flowId, { event: 'verify_code', code });
      // A kiosk-issued temporary password is replaced first (no session until then).
      if (!('sessionToken' in outcome)) {
        const next = (request.query as Record<string, unknown>).next;
        return `/login/new-password?flow=${flowId}${typeof next === 'string' ? `&next=${encodeURIComponent(safeNext(next))}` : ''}`;
      }
      setSessionCookie(reply, outcome.sessionToken);
      // An active account lands on its dashboard; a registered one on its status page.
      const next = (request.query as Record<string, unknown>).next;
      return safeNext(next ?? (outcome.account.status === 'active' ? '/dashboard' : undefined));
    },
    resend: async (flowId) => {
      await deps.login.submit(flowId, { event: 'resend_code' });
    },
  });
}
