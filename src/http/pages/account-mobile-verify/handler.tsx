// GET/POST /account/mobile/verify-old and /account/mobile/verify-new (and …/resend): the two code
// steps of a mobile change. Guarantees: each page shows the step the flow is in (a flow that has
// moved on redirects to its step); only the holder's own flow is shown; completion goes (303) to
// the settings page, which confirms the change.
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import type { MobileChangeView } from '../../../core/flows/mobile-change/flow.ts';
import { codeStepRoutes } from '../../shared/code-step.tsx';
import { MobileCodeView } from './view.tsx';

const doneUrl = '/account/settings?done=mobile';

function stepUrl(view: MobileChangeView, flowId: string): string {
  if (view.state === 'completed') return doneUrl;
  return `/account/mobile/verify-${view.state === 'old_code' ? 'old' : 'new'}?flow=${flowId}`;
}

export function accountMobileVerifyPages(app: FastifyInstance, deps: HttpDependencies): void {
  const changes = deps.accountChanges.mobile;
  for (const step of ['old', 'new'] as const) {
    const state = step === 'old' ? 'old_code' : 'new_code';
    codeStepRoutes<MobileChangeView>(app, {
      path: `/account/mobile/verify-${step}`,
      startAgainUrl: '/account/mobile',
      load: (flowId, request) => changes.view(flowId, request.auth!.account.id),
      finishedUrl: (view, flowId) => (view.state === state ? null : stepUrl(view, flowId)),
      render: (page, view, flowId, extra) => <MobileCodeView page={page} step={step} view={view} flowId={flowId} error={extra.error} notice={extra.notice} />,
      verify: async (flowId, code, request) => stepUrl(await changes.submit(flowId, { event: 'verify_code', code }, request.auth!.account.id), flowId),
      resend: async (flowId, request) => {
        await changes.submit(flowId, { event: 'resend_code' }, request.auth!.account.id);
      },
    });
  }
}
