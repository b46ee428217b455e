// GET/POST /forgot-password/verify and POST /forgot-password/verify/resend: the SMS code step of
// forgot password; the right code goes to the new-password page, a flow at another step to that step.
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import type { PasswordResetView } from '../../../core/flows/password-reset/flow.ts';
import { codeStepRoutes } from '../../shared/code-step.tsx';
import { passwordResetStepUrl } from '../forgot-password/handler.tsx';
import { ForgotPasswordVerifyView } from './view.tsx';

export function forgotPasswordVerifyPage(app: FastifyInstance, deps: HttpDependencies): void {
  codeStepRoutes<PasswordResetView>(app, {
    startAgainUrl: '/forgot-password',
    path: '/forgot-password/verify',
    load: (flowId) => deps.passwordReset.view(flowId),
    finishedUrl: (view) => (view.state === 'otp_sent' ? null : passwordResetStepUrl(view)),
    render: (page, flow, _flowId, extra) => <ForgotPasswordVerifyView page={page} flow={flow} {...extra} />,
    verify: async (flowId, code) => passwordResetStepUrl(await deps.passwordReset.submit(flowId, { event: 'verify_code', code })),
    resend: async (flowId) => {
      await deps.passwordReset.submit(flowId, { event: 'resend_code' });
    },
  });
}
