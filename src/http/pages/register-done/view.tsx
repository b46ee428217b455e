// The last page of a registration: the account exists (status "registered") and every trusted
// channel that can activate it is explained, as the platform's own guidance does.
import type { RegistrationView } from '../../../core/flows/registration/flow.ts';
import { Layout, type PageContext } from '../../shared/layout.tsx';
import { ActivationChannels } from '../../shared/activation-channels.tsx';

export function RegisterDoneView(props: { page: PageContext; flow: RegistrationView }) {
  const { t } = props.page;
  return (
    <Layout page={props.page} title={t('done.title')}>
      <div class="panel panel-success" role="status">
        <h1>{t('done.title')}</h1>
        <p>
          {t('done.username')}{' '}
          <strong>
            <bdi dir="ltr">{props.flow.account?.username}</bdi>
          </strong>
        </p>
        <p>{t('done.status')}</p>
      </div>
      <h2>{t('done.activate_title')}</h2>
      <p>{t('done.activate_intro')}</p>
      <ActivationChannels t={t} />
      <p>
        <a class="button" href="/login">
          {t('done.sign_in')}
        </a>
      </p>
    </Layout>
  );
}
