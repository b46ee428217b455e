// GET and POST /forgot-username: the first step of forgot username. Guarantees: an unknown ID and a
// wrong mobile come back with the same message; success sends the code and goes (303) to its page.
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../../dependencies.ts';
import { recoveryStartRoutes } from '../../shared/recovery-form.tsx';
import { ForgotUsernameView } from './view.tsx';

export function forgotUsernamePage(app: FastifyInstance, deps: HttpDependencies): void {
  recoveryStartRoutes(app, deps, {
    path: '/forgot-username',
    render: (page, state) => <ForgotUsernameView page={page} state={state} />,
    start: async (input, context) => `/forgot-username/verify?flow=${(await deps.usernameReminder.start(input, context)).reminderId}`,
  });
}
