// The pages of activation with Nafath: the start page (what will happen, one button), the request
// page (the number to type in the Nafath app while it waits, then how it ended) and the ways to
// activate that the account page lists. Guarantees: everything works without JavaScript (a
// "check now" link reloads the request page); with JavaScript, /static/js/nafath-activation.js
// follows the request and counts down; no inline script or style; one <h1> per page.
import type { NafathActivationView } from '../../../core/flows/nafath-activation/flow.ts';
import { CsrfField, ErrorSummary } from '../../shared/forms.tsx';
import { Layout, type PageContext } from '../../shared/layout.tsx';

export const nafathStartPath = '/account/activate/nafath';
export const nafathRequestPath = (requestId: string) => `/account/activate/nafath/${requestId}`;

function StartForm(props: { page: PageContext; label: string; secondary?: boolean }) {
  return (
    <form method="post" action={nafathStartPath} class="form-inline">
      <CsrfField token={props.page.csrfToken} />
      <button type="submit" class={props.secondary ? 'button button-secondary' : 'button'}>
        {props.label}
      </button>
    </form>
  );
}

/** Every trusted channel and how to use it, for a `registered` holder's account page (Nafath only for ID and Iqama holders). */
export function ActivationWays(props: { page: PageContext; nafathAvailable: boolean }) {
  const { page } = props;
  const { t } = page;
  return (
    <ul class="cards activation-ways">
      <li class="card">
        <h3>{t('activation.nafath.title')}</h3>
        {props.nafathAvailable ? (
          <>
            <p>{t('activation.nafath.how')}</p>
            <StartForm page={page} label={t('nafath.start_button')} />
          </>
        ) : (
          <p>{t('activation.nafath.not_for_visitors')}</p>
        )}
      </li>
      <li class="card">
        <h3>{t('activation.bank.title')}</h3>
        <p>{t('activation.bank.how')}</p>
        <p class="field-hint">{t('activation.bank.banks')}</p>
      </li>
      <li class="card">
        <h3>{t('activation.kiosk.title')}</h3>
        <p>{t('activation.kiosk.how')}</p>
        <p>
          <a href="/centres">{t('activation.centres_link')}</a>
        </p>
      </li>
      <li class="card">
        <h3>{t('activation.office.title')}</h3>
        <p>{t('activation.office.how')}</p>
        <ul class="rule-list">
          <li>
            <a href="/activation-form">{t('activation.form_link')}</a>
          </li>
          <li>
            <a href="/centres">{t('activation.centres_link')}</a>
          </li>
        </ul>
      </li>
    </ul>
  );
}

export function NafathStartView(props: { page: PageContext; formError?: string | undefined; alreadyActive?: boolean }) {
  const { page } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('nafath.start_title')}>
      <h1>{t('nafath.start_title')}</h1>
      <ErrorSummary t={t} fields={[{ messages: props.formError ? [props.formError] : [] }]} />
      {props.alreadyActive ? (
        <div class="panel panel-success" role="status">
          <p>{t('nafath.already_active')}</p>
        </div>
      ) : (
        <>
          <p class="lead">{t('nafath.start_intro')}</p>
          <ol class="rule-list nafath-steps">
            <li>{t('nafath.step_request')}</li>
            <li>{t('nafath.step_open_app')}</li>
            <li>{t('nafath.step_type_number')}</li>
          </ol>
          <StartForm page={page} label={t('nafath.start_button')} />
        </>
      )}
      <p>
        <a href="/account">{t('nafath.back_to_account')}</a>
      </p>
    </Layout>
  );
}

export function formatCountdown(secondsLeft: number): string {
  const seconds = Math.max(0, Math.floor(secondsLeft));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export function NafathRequestView(props: { page: PageContext; request: NafathActivationView }) {
  const { page, request } = props;
  const { t } = page;
  if (request.state === 'waiting') {
    const here = nafathRequestPath(request.requestId);
    return (
      <Layout page={page} title={t('nafath.waiting_title')} scripts={['/static/js/nafath-activation.js']}>
        <h1>{t('nafath.waiting_title')}</h1>
        <p class="lead">{t('nafath.waiting_intro')}</p>
        <div
          class="nafath-request"
          id="nafath-request"
          data-status-url={`${here}/status`}
          data-page-url={here}
          data-seconds-left={String(request.secondsLeft)}
          data-offline={t('nafath.offline')}
        >
          <p class="nafath-number-label" id="nafath-number-label">
            {t('nafath.number_label')}
          </p>
          <p class="nafath-number" aria-labelledby="nafath-number-label">
            <bdi dir="ltr">{request.random}</bdi>
          </p>
          <p>
            {t('nafath.time_left')}{' '}
            <strong>
              <bdi dir="ltr" id="nafath-countdown">
                {formatCountdown(request.secondsLeft)}
              </bdi>
            </strong>
          </p>
          <p class="live-note" role="status" id="nafath-live"></p>
        </div>
        <p class="field-hint">{t('nafath.waiting_hint')}</p>
        <p class="actions">
          <a class="button button-secondary" href={here} id="nafath-check">
            {t('nafath.check_now')}
          </a>
        </p>
        <p>
          <a href="/account">{t('nafath.back_to_account')}</a>
        </p>
      </Layout>
    );
  }
  if (request.state === 'completed') {
    return (
      <Layout page={page} title={t('nafath.completed_title')}>
        <div class="panel panel-success" role="status">
          <h1>{t('nafath.completed_title')}</h1>
          <p>{t('nafath.completed_body')}</p>
        </div>
        <p>
          <a class="button" href="/account">
            {t('nafath.to_account')}
          </a>
        </p>
      </Layout>
    );
  }
  const title = t(`nafath.${request.state}_title`);
  return (
    <Layout page={page} title={title}>
      <div class="panel panel-invalid" role="alert">
        <h1>{title}</h1>
        <p>{t(`nafath.${request.state}_body`)}</p>
      </div>
      {request.state !== 'refused' && <StartForm page={page} label={t('nafath.try_again')} />}
      <p>
        <a href="/account">{t('nafath.back_to_account')}</a>
      </p>
    </Layout>
  );
}
