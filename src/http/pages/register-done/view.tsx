// The last page of a registration: the account exists (status "registered") and every trusted
// channel that can activate it is explained, as the platform's own guidance does.
import type { RegistrationView } from '../../../core/flows/registration/flow.ts';
import { Layout, type PageContext } from '../../shared/layout.tsx';

export const activationChannels = ['bank', 'kiosk', 'nafath', 'office'] as const;

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
      <ul class="cards">
        {activationChannels.map((channel) => (
          <li class="card">
            <h3>{t(`activation.${channel}.title`)}</h3>
            <p>{t(`activation.${channel}.body`)}</p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
