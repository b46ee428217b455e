// GET/POST /account/email/verify (and …/resend): the code step of an e-mail change. Guarantees:
// only the holder's own flow is shown; the right code changes the address and goes (303) to the
// settings page, which confirms it.
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import type { EmailChangeView } from '../../../core/flows/email-change/flow.ts';
import { codeStepRoutes } from '../../shared/code-step.tsx';
import { EmailCodeView } from './view.tsx';

const doneUrl = '/account/settings?done=email';

export function accountEmailVerifyPage(app: FastifyInstance, deps: HttpDependencies): void {
  const changes = deps.accountChanges.email;
  codeStepRoutes<EmailChangeView>(app, {
    path: '/account/email/verify',
    startAgainUrl: '/account/email',
    load: (flowId, request) => changes.view(flowId, request.auth!.account.id),
    finishedUrl: (view) => (view.state === 'completed' ? doneUrl : null),
    render: (page, view, flowId, extra) => <EmailCodeView page={page} view={view} flowId={flowId} error={extra.error} notice={extra.notice} />,
    verify: async (flowId, code, request) => {
      await changes.submit(flowId, { event: 'verify_code', code }, request.auth!.account.id);
      return doneUrl;
    },
    resend: async (flowId, request) => {
      await changes.submit(flowId, { event: 'resend_code' }, request.auth!.account.id);
    },
  });
}
