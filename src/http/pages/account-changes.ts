// The signed-in holder's account-change pages: settings, mobile (two code steps), e-mail (one code
// step), password and preferred language. Guarantees: every one of them sits behind
// requireSignedInPage (no session: redirect to sign-in, then back) and every POST checks CSRF.
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../dependencies.ts';
import { requireSignedInPage } from '../shared/session.ts';
import { accountSettingsPage } from './account-settings/handler.tsx';
import { accountMobilePage } from './account-mobile/handler.tsx';
import { accountMobileVerifyPages } from './account-mobile-verify/handler.tsx';
import { accountEmailPage } from './account-email/handler.tsx';
import { accountEmailVerifyPage } from './account-email-verify/handler.tsx';
import { accountPasswordPage } from './account-password/handler.tsx';
import { accountLanguagePage } from './account-language/handler.tsx';

export function accountChangePages(app: FastifyInstance, deps: HttpDependencies): void {
  void app.register(async (signedIn) => {
    signedIn.addHook('preHandler', requireSignedInPage);
    accountSettingsPage(signedIn);
    accountMobilePage(signedIn, deps);
    accountMobileVerifyPages(signedIn, deps);
    accountEmailPage(signedIn, deps);
    accountEmailVerifyPage(signedIn, deps);
    accountPasswordPage(signedIn, deps);
    accountLanguagePage(signedIn, deps);
  });
}
