// GET/POST /forgot-username/verify and POST /forgot-username/verify/resend: the SMS code step of
// forgot username; the right code goes to the page that shows the username.
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import type { UsernameReminderView } from '../../../core/flows/username-reminder/flow.ts';
import { codeStepRoutes } from '../../shared/code-step.tsx';
import { ForgotUsernameVerifyView } from './view.tsx';

export function forgotUsernameVerifyPage(app: FastifyInstance, deps: HttpDependencies): void {
  codeStepRoutes<UsernameReminderView>(app, {
    startAgainUrl: '/forgot-username',
    path: '/forgot-username/verify',
    load: (flowId) => deps.usernameReminder.view(flowId),
    finishedUrl: (view, flowId) => (view.state === 'completed' ? `/forgot-username/done?flow=${flowId}` : null),
    render: (page, flow, _flowId, extra) => <ForgotUsernameVerifyView page={page} flow={flow} {...extra} />,
    verify: async (flowId, code) => {
      await deps.usernameReminder.submit(flowId, { event: 'verify_code', code });
      return `/forgot-username/done?flow=${flowId}`;
    },
    resend: async (flowId) => {
      await deps.usernameReminder.submit(flowId, { event: 'resend_code' });
    },
  });
}
