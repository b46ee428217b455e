// The back office's pages: sign-in (username, password, authenticator code), search by ID, an
// account with its status, events and the actions the officer's role allows, the printed-form
// lookup, officer management and the one-time enrolment page. Guarantees: server-rendered, no
// inline script or style, every input labelled, errors summarised at the top and linked to their
// fields; ID and mobile numbers are shown masked.
import type { FieldErrors } from '../../core/errors.ts';
import type { Account, AuditRecord } from '../../core/store.ts';
import type { RegistryPerson } from '../../core/ports.ts';
import type { Officer } from '../../core/backoffice/store.ts';
import type { AccountDetails } from '../../core/backoffice/service.ts';
import { requiredChecks } from '../../core/backoffice/service.ts';
import { can, roles } from '../../core/backoffice/roles.ts';
import { displayReference } from '../../core/activation-form/reference.ts';
import { maskIdNumber } from '../../core/identity/national-id.ts';
import { maskMobile } from '../../core/identity/mobile.ts';
import { CsrfField, ErrorSummary, TextField, fieldMessages } from '../shared/forms.tsx';
import { hasMessage } from '../../i18n/i18n.ts';
import { formatDate, formatTime } from '../shared/dates.ts';
import { OfficeLayout, type OfficePage } from './layout.tsx';

type Errors = FieldErrors | undefined;

export function SignInView(props: { page: OfficePage; username?: string; problem?: string; errors?: Errors; next?: string }) {
  const { page } = props;
  const { t, language } = page;
  const messages = (field: string) => fieldMessages(language, props.errors, field);
  return (
    <OfficeLayout page={page} title={t('backoffice.sign_in.title')}>
      <h1>{t('backoffice.sign_in.title')}</h1>
      <p class="lead">{t('backoffice.sign_in.intro')}</p>
      <ErrorSummary
        t={t}
        fields={[
          { id: 'username', messages: [...(props.problem ? [props.problem] : []), ...messages('username')] },
          { id: 'password', messages: messages('password') },
          { id: 'code', messages: messages('code') },
        ]}
      />
      <form method="post" action={props.next ? `/backoffice/login?next=${encodeURIComponent(props.next)}` : '/backoffice/login'} class="form" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField id="username" name="username" label={t('backoffice.field.username')} errors={messages('username')} value={props.username} autocomplete="username" dir="ltr" maxLength={64} required />
        <TextField id="password" name="password" type="password" label={t('backoffice.field.password')} errors={messages('password')} autocomplete="current-password" dir="ltr" maxLength={128} required />
        <TextField
          id="code"
          name="code"
          label={t('backoffice.field.code')}
          hint={t('backoffice.field.code.hint')}
          errors={messages('code')}
          autocomplete="one-time-code"
          inputMode="numeric"
          dir="ltr"
          maxLength={12}
          short
          required
        />
        <button type="submit" class="button">
          {t('backoffice.sign_in.submit')}
        </button>
      </form>
    </OfficeLayout>
  );
}

export function SearchView(props: { page: OfficePage; idNumber?: string; errors?: Errors; notFound?: boolean }) {
  const { page } = props;
  const { t, language } = page;
  const messages = fieldMessages(language, props.errors, 'idNumber');
  return (
    <OfficeLayout page={page} title={t('backoffice.search.title')}>
      <h1>{t('backoffice.search.title')}</h1>
      <ErrorSummary t={t} fields={[{ id: 'idNumber', messages }]} />
      <form method="post" action="/backoffice/search" class="form" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField
          id="idNumber"
          name="idNumber"
          label={t('backoffice.field.id_number')}
          hint={t('backoffice.field.id_number.hint')}
          errors={messages}
          value={props.idNumber}
          inputMode="numeric"
          autocomplete="off"
          dir="ltr"
          maxLength={20}
          required
        />
        <button type="submit" class="button">
          {t('backoffice.search.submit')}
        </button>
      </form>
      {props.notFound && (
        <p class="notice" role="status">
          {t('backoffice.search.not_found')}
        </p>
      )}
    </OfficeLayout>
  );
}

function Checks(props: { page: OfficePage; prefix: string; checks: readonly string[]; errors: Errors }) {
  const { t, language } = props.page;
  const errorLines = props.checks.flatMap((check) => fieldMessages(language, props.errors, `check_${check}`));
  return (
    <fieldset class={errorLines.length > 0 ? 'field field-invalid' : 'field'}>
      <legend class="field-label">{t('backoffice.checks.legend')}</legend>
      {errorLines.length > 0 && (
        <p class="field-error" id={`${props.prefix}-checks-error`}>
          {errorLines.map((line) => (
            <span class="field-error-line">{line}</span>
          ))}
        </p>
      )}
      {props.checks.map((check) => (
        <div class="choice">
          <input type="checkbox" id={`${props.prefix}-check_${check}`} name={`check_${check}`} value="yes" />
          <label for={`${props.prefix}-check_${check}`}>{t(`backoffice.check.${check}`)}</label>
        </div>
      ))}
    </fieldset>
  );
}

export type AccountAction = 'activate' | 'unlock' | 'mobile' | 'suspend' | 'reinstate';

function statusText(page: OfficePage, account: Account): string {
  return page.t(`account.status.${account.status}`);
}

export function AccountView(props: { page: OfficePage; details: AccountDetails; done?: string; failed?: { action: AccountAction; errors?: Errors; problem?: string } }) {
  const { page, details } = props;
  const { t, language } = page;
  const officer = page.officer!;
  const { account, person } = details;
  const errorsFor = (action: AccountAction) => (props.failed?.action === action ? props.failed.errors : undefined);
  const summary = props.failed
    ? [
        ...(props.failed.problem ? [{ messages: [props.failed.problem] }] : []),
        ...Object.keys(props.failed.errors ?? {}).map((field) => ({
          id: `${props.failed!.action}-${field}`,
          messages: fieldMessages(language, props.failed!.errors, field),
        })),
      ]
    : [];
  const locked = details.lockout?.lockedUntil && details.lockout.lockedUntil > new Date();
  const open = account.status === 'registered' || account.status === 'active';
  return (
    <OfficeLayout page={page} title={t('backoffice.account.title')}>
      <h1>{t('backoffice.account.title')}</h1>
      {props.done && (
        <p class="notice" role="status">
          {t(`backoffice.done.${props.done}`)}
        </p>
      )}
      <ErrorSummary t={t} fields={summary} />
      <dl class="facts">
        <dt>{t('backoffice.fact.name')}</dt>
        <dd>{person ? (language === 'ar' ? person.nameAr : person.nameEn) : '—'}</dd>
        <dt>{t('backoffice.fact.id_number')}</dt>
        <dd>
          <bdi dir="ltr">{maskIdNumber(account.idNumber)}</bdi>
        </dd>
        <dt>{t('backoffice.fact.username')}</dt>
        <dd>
          <bdi dir="ltr">{account.username}</bdi>
        </dd>
        <dt>{t('backoffice.fact.status')}</dt>
        <dd>
          <strong class={`status status-${account.status}`} data-status={account.status}>
            {statusText(page, account)}
          </strong>
        </dd>
        <dt>{t('backoffice.fact.mobile')}</dt>
        <dd>
          <bdi dir="ltr">{account.mobile ? maskMobile(account.mobile) : '—'}</bdi>
        </dd>
        <dt>{t('backoffice.fact.registered')}</dt>
        <dd>{formatDate(account.createdAt, language).gregorian}</dd>
        <dt>{t('backoffice.fact.sign_in')}</dt>
        <dd>{locked ? t('backoffice.fact.locked') : t('backoffice.fact.failures', { count: details.lockout?.failures ?? 0 })}</dd>
        <dt>{t('backoffice.fact.form')}</dt>
        <dd>
          {details.form ? (
            <>
              <bdi dir="ltr">{displayReference(details.form.reference)}</bdi> — {details.form.usedAt ? t('backoffice.form.used') : details.formLive ? t('backoffice.form.live') : t('backoffice.form.expired')}
            </>
          ) : (
            t('backoffice.form.none')
          )}
        </dd>
      </dl>

      <div class="actions">
        {can(officer.role, 'activate_in_person') && account.status === 'registered' && (
          <form method="post" action={`/backoffice/accounts/${account.id}/activate`} class="form" novalidate>
            <h2>{t('backoffice.action.activate')}</h2>
            <p class="field-hint">{t('backoffice.action.activate.hint')}</p>
            <CsrfField token={page.csrfToken} />
            <Checks page={page} prefix="activate" checks={requiredChecks.activate_in_person} errors={errorsFor('activate')} />
            <button type="submit" class="button">
              {t('backoffice.action.activate.submit')}
            </button>
          </form>
        )}
        {can(officer.role, 'unlock') && (
          <form method="post" action={`/backoffice/accounts/${account.id}/unlock`} class="form" novalidate>
            <h2>{t('backoffice.action.unlock')}</h2>
            <p class="field-hint">{t('backoffice.action.unlock.hint')}</p>
            <CsrfField token={page.csrfToken} />
            <button type="submit" class="button button-secondary">
              {t('backoffice.action.unlock.submit')}
            </button>
          </form>
        )}
        {can(officer.role, 'reset_mobile') && account.status !== 'disabled' && (
          <form method="post" action={`/backoffice/accounts/${account.id}/mobile`} class="form" novalidate>
            <h2>{t('backoffice.action.mobile')}</h2>
            <p class="field-hint">{t('backoffice.action.mobile.hint')}</p>
            <CsrfField token={page.csrfToken} />
            <TextField
              id="mobile-mobile"
              name="mobile"
              label={t('backoffice.field.new_mobile')}
              hint={t('field.mobile.hint')}
              errors={fieldMessages(language, errorsFor('mobile'), 'mobile')}
              inputMode="tel"
              autocomplete="off"
              dir="ltr"
              maxLength={20}
            />
            <Checks page={page} prefix="mobile" checks={requiredChecks.reset_mobile} errors={errorsFor('mobile')} />
            <button type="submit" class="button">
              {t('backoffice.action.mobile.submit')}
            </button>
          </form>
        )}
        {can(officer.role, 'suspend') && open && (
          <ReasonForm page={page} account={account} action="suspend" errors={errorsFor('suspend')} />
        )}
        {can(officer.role, 'reinstate') && account.status === 'suspended' && (
          <ReasonForm page={page} account={account} action="reinstate" errors={errorsFor('reinstate')} />
        )}
      </div>

      <h2>{t('backoffice.events.title')}</h2>
      <EventsTable page={page} events={details.events} actors={details.actors} />
      <p>
        <a href="/backoffice/search">{t('backoffice.search.again')}</a>
      </p>
    </OfficeLayout>
  );
}

function ReasonForm(props: { page: OfficePage; account: Account; action: 'suspend' | 'reinstate'; errors: Errors }) {
  const { t, language } = props.page;
  return (
    <form method="post" action={`/backoffice/accounts/${props.account.id}/${props.action}`} class="form" novalidate>
      <h2>{t(`backoffice.action.${props.action}`)}</h2>
      <p class="field-hint">{t(`backoffice.action.${props.action}.hint`)}</p>
      <CsrfField token={props.page.csrfToken} />
      <TextField id={`${props.action}-reason`} name="reason" label={t('backoffice.field.reason')} errors={fieldMessages(language, props.errors, 'reason')} maxLength={300} />
      <button type="submit" class="button button-secondary">
        {t(`backoffice.action.${props.action}.submit`)}
      </button>
    </form>
  );
}

function EventsTable(props: { page: OfficePage; events: AuditRecord[]; actors: Record<string, string> }) {
  const { t, language } = props.page;
  const what = (type: string) => (hasMessage(language, `event.${type}`) ? t(`event.${type}`) : type);
  const who = (actor: string) => props.actors[actor] ?? (actor.startsWith('officer:') ? t('backoffice.events.an_officer') : hasMessage(language, `backoffice.actor.${actor.split(':')[0]}`) ? t(`backoffice.actor.${actor.split(':')[0]}`) : actor);
  if (props.events.length === 0) return <p>{t('backoffice.events.none')}</p>;
  return (
    <div class="table-wrap">
      <table class="data-table">
        <caption class="visually-hidden">{t('backoffice.events.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('backoffice.events.when')}</th>
            <th scope="col">{t('backoffice.events.what')}</th>
            <th scope="col">{t('backoffice.events.who')}</th>
          </tr>
        </thead>
        <tbody>
          {props.events.map((event) => (
            <tr>
              <td>{`${formatDate(event.occurredAt, language).gregorian} ${formatTime(event.occurredAt, language)}`}</td>
              <td>
                {what(event.type)} <bdi dir="ltr" class="field-hint">{event.type}</bdi>
              </td>
              <td>
                <bdi>{who(event.actor)}</bdi>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function FormLookupView(props: {
  page: OfficePage;
  reference?: string;
  errors?: Errors;
  found?: { reference: string; account: Account; person: RegistryPerson | null };
}) {
  const { page, found } = props;
  const { t, language } = page;
  const referenceErrors = fieldMessages(language, props.errors, 'reference');
  const checkErrors = Object.keys(props.errors ?? {})
    .filter((field) => field.startsWith('check_'))
    .map((field) => ({ id: `form-${field}`, messages: fieldMessages(language, props.errors, field) }));
  return (
    <OfficeLayout page={page} title={t('backoffice.forms.title')}>
      <h1>{t('backoffice.forms.title')}</h1>
      <p class="lead">{t('backoffice.forms.intro')}</p>
      <ErrorSummary t={t} fields={[{ id: 'reference', messages: referenceErrors }, ...checkErrors]} />
      {!found && (
        <form method="get" action="/backoffice/forms" class="form" novalidate>
          <TextField
            id="reference"
            name="reference"
            label={t('backoffice.field.reference')}
            hint={t('backoffice.field.reference.hint')}
            errors={referenceErrors}
            value={props.reference}
            autocomplete="off"
            dir="ltr"
            maxLength={20}
            required
          />
          <button type="submit" class="button">
            {t('backoffice.forms.find')}
          </button>
        </form>
      )}
      {found && (
        <form method="post" action="/backoffice/forms/activate" class="form" novalidate>
          <h2>{t('backoffice.forms.holder')}</h2>
          <dl class="facts">
            <dt>{t('backoffice.field.reference')}</dt>
            <dd>
              <bdi dir="ltr" class="reference-value">
                {displayReference(found.reference)}
              </bdi>
            </dd>
            <dt>{t('backoffice.fact.name')}</dt>
            <dd>{found.person ? (language === 'ar' ? found.person.nameAr : found.person.nameEn) : '—'}</dd>
            <dt>{t('backoffice.fact.id_number')}</dt>
            <dd>
              <bdi dir="ltr">{maskIdNumber(found.account.idNumber)}</bdi>
            </dd>
            <dt>{t('backoffice.fact.username')}</dt>
            <dd>
              <bdi dir="ltr">{found.account.username}</bdi>
            </dd>
          </dl>
          <CsrfField token={page.csrfToken} />
          <input type="hidden" name="reference" value={found.reference} />
          <Checks page={page} prefix="form" checks={requiredChecks.activate_by_form} errors={props.errors} />
          <button type="submit" class="button">
            {t('backoffice.forms.activate')}
          </button>
          <p>
            <a href="/backoffice/forms">{t('backoffice.forms.other')}</a>
          </p>
        </form>
      )}
    </OfficeLayout>
  );
}

export function OfficersView(props: { page: OfficePage; officers: Officer[]; errors?: Errors; values?: Record<string, string> }) {
  const { page } = props;
  const { t, language } = page;
  const messages = (field: string) => fieldMessages(language, props.errors, field);
  const chosenRole = props.values?.role ?? 'officer';
  return (
    <OfficeLayout page={page} title={t('backoffice.officers.title')}>
      <h1>{t('backoffice.officers.title')}</h1>
      <ErrorSummary
        t={t}
        fields={[
          { id: 'username', messages: messages('username') },
          { id: 'displayName', messages: messages('displayName') },
          { id: 'role-officer', messages: messages('role') },
        ]}
      />
      <div class="table-wrap">
        <table class="data-table">
          <caption class="visually-hidden">{t('backoffice.officers.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('backoffice.field.username')}</th>
              <th scope="col">{t('backoffice.field.display_name')}</th>
              <th scope="col">{t('backoffice.field.role')}</th>
              <th scope="col">{t('backoffice.officers.status')}</th>
              <th scope="col">{t('backoffice.officers.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {props.officers.map((officer) => (
              <tr>
                <td>
                  <bdi dir="ltr">{officer.username}</bdi>
                </td>
                <td>{officer.displayName}</td>
                <td>{t(`backoffice.role.${officer.role}`)}</td>
                <td>{t(`backoffice.officer_status.${officer.status}`)}</td>
                <td>
                  {officer.status === 'active' && officer.id !== page.officer?.id ? (
                    <form method="post" action={`/backoffice/officers/${officer.id}/disable`} class="inline-form">
                      <CsrfField token={page.csrfToken} />
                      <button type="submit" class="button button-secondary" aria-label={t('backoffice.officers.disable_named', { username: officer.username })}>
                        {t('backoffice.officers.disable')}
                      </button>
                    </form>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('backoffice.officers.new')}</h2>
      <form method="post" action="/backoffice/officers" class="form" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField id="username" name="username" label={t('backoffice.field.username')} hint={t('backoffice.field.officer_username.hint')} errors={messages('username')} value={props.values?.username} autocomplete="off" dir="ltr" maxLength={32} required />
        <TextField id="displayName" name="displayName" label={t('backoffice.field.display_name')} errors={messages('displayName')} value={props.values?.displayName} autocomplete="off" maxLength={80} required />
        <fieldset class={messages('role').length > 0 ? 'field field-invalid' : 'field'}>
          <legend class="field-label">{t('backoffice.field.role')}</legend>
          <div class="choices">
            {roles.map((role) => (
              <div class="choice">
                <input type="radio" id={`role-${role}`} name="role" value={role} checked={chosenRole === role} />
                <label for={`role-${role}`}>{t(`backoffice.role.${role}`)}</label>
              </div>
            ))}
          </div>
        </fieldset>
        <button type="submit" class="button">
          {t('backoffice.officers.create')}
        </button>
      </form>
    </OfficeLayout>
  );
}

export function EnrolmentView(props: { page: OfficePage; officer: Officer; password: string; totpSecret: string; totpUri: string; qrDataUri: string }) {
  const { page } = props;
  const { t } = page;
  return (
    <OfficeLayout page={page} title={t('backoffice.enrolment.title')}>
      <h1>{t('backoffice.enrolment.title')}</h1>
      <p class="lead">{t('backoffice.enrolment.intro', { username: props.officer.username })}</p>
      <dl class="facts">
        <dt>{t('backoffice.field.username')}</dt>
        <dd>
          <bdi dir="ltr" class="secret">
            {props.officer.username}
          </bdi>
        </dd>
        <dt>{t('backoffice.enrolment.password')}</dt>
        <dd>
          <bdi dir="ltr" class="secret" data-secret="password">
            {props.password}
          </bdi>
        </dd>
        <dt>{t('backoffice.enrolment.secret')}</dt>
        <dd>
          <bdi dir="ltr" class="secret" data-secret="totp">
            {props.totpSecret}
          </bdi>
        </dd>
        <dt>{t('backoffice.enrolment.uri')}</dt>
        <dd>
          <bdi dir="ltr" class="secret">
            {props.totpUri}
          </bdi>
        </dd>
      </dl>
      <img class="qr" src={props.qrDataUri} alt={t('backoffice.enrolment.qr_alt')} width={192} height={192} />
      <p class="notice">{t('backoffice.enrolment.once')}</p>
      <p>
        <a href="/backoffice/officers">{t('backoffice.enrolment.back')}</a>
      </p>
    </OfficeLayout>
  );
}

export function OfficeErrorView(props: { page: OfficePage; title: string; body: string; status: number }) {
  const { page } = props;
  return (
    <OfficeLayout page={page} title={props.title}>
      <h1>{props.title}</h1>
      <p class="lead">{props.body}</p>
      <p>
        <a class="button" href="/backoffice">
          {page.t('backoffice.error.home')}
        </a>
      </p>
    </OfficeLayout>
  );
}
