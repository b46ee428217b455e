// GET and POST /forgot-password: the first step of forgot password. Guarantees: an unknown ID and a
// wrong mobile come back with the same message; success goes (303) to the registry question.
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import type { PasswordResetView } from '../../../core/flows/password-reset/flow.ts';
import { recoveryStartRoutes } from '../../shared/recovery-form.tsx';
import { ForgotPasswordView } from './view.tsx';

/** The page a forgot-password flow in this state belongs on. */
export function passwordResetStepUrl(view: PasswordResetView): string {
  const flow = `?flow=${view.resetId}`;
  switch (view.state) {
    case 'question':
    case 'failed':
      return `/forgot-password/question${flow}`;
    case 'otp_sent':
      return `/forgot-password/verify${flow}`;
    case 'new_password':
      return `/forgot-password/new${flow}`;
    case 'completed':
      return '/forgot-password/done';
  }
}

export function forgotPasswordPage(app: FastifyInstance, deps: HttpDependencies): void {
  recoveryStartRoutes(app, deps, {
    path: '/forgot-password',
    render: (page, state) => <ForgotPasswordView page={page} state={state} />,
    start: async (input, context) => passwordResetStepUrl(await deps.passwordReset.start(input, context)),
  });
}
