// GET/POST /register/verify and POST /register/verify/resend: the code step of a registration
// flow, addressed by its id in the query; success goes to the done page.
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import { codeStepRoutes } from '../../shared/code-step.tsx';
import type { RegistrationView } from '../../../core/flows/registration/flow.ts';
import { RegisterVerifyView } from './view.tsx';

export function registerVerifyPage(app: FastifyInstance, deps: HttpDependencies): void {
  codeStepRoutes<RegistrationView>(app, {
    path: '/register/verify',
    load: (flowId) => deps.registration.view(flowId),
    finishedUrl: (view, flowId) => (view.state === 'completed' ? `/register/done?flow=${flowId}` : null),
    render: (page, flow, _flowId, extra) => <RegisterVerifyView page={page} flow={flow} {...extra} />,
    verify: async (flowId, code) => {
      await deps.registration.submit(flowId, { event: 'verify_code', code });
      return `/register/done?flow=${flowId}`;
    },
    resend: async (flowId) => {
      await deps.registration.submit(flowId, { event: 'resend_code' });
    },
  });
}
