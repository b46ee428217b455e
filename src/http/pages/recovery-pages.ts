// The pages of forgot password and forgot username, registered together in the citizen context.
// Guarantees: every form posts with CSRF and works without JavaScript (see each page's handler).
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../dependencies.ts';
import { forgotPasswordPage } from './forgot-password/handler.tsx';
import { forgotPasswordQuestionPage } from './forgot-password-question/handler.tsx';
import { forgotPasswordVerifyPage } from './forgot-password-verify/handler.tsx';
import { forgotPasswordNewPage } from './forgot-password-new/handler.tsx';
import { forgotPasswordDonePage } from './forgot-password-done/handler.tsx';
import { forgotUsernamePage } from './forgot-username/handler.tsx';
import { forgotUsernameVerifyPage } from './forgot-username-verify/handler.tsx';
import { forgotUsernameDonePage } from './forgot-username-done/handler.tsx';

export function recoveryPages(app: FastifyInstance, deps: HttpDependencies): void {
  forgotPasswordPage(app, deps);
  forgotPasswordQuestionPage(app, deps);
  forgotPasswordVerifyPage(app, deps);
  forgotPasswordNewPage(app, deps);
  forgotPasswordDonePage(app);
  forgotUsernamePage(app, deps);
  forgotUsernameVerifyPage(app, deps);
  forgotUsernameDonePage(app, deps);
}
