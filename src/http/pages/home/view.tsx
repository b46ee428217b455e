// The landing page: what the platform is, and the way in for a new user.
import { Layout, type PageContext } from '../../shared/layout.tsx';

export function HomeView(props: { page: PageContext }) {
  const { t } = props.page;
  return (
    <Layout page={props.page} title={t('home.title')}>
      <h1>{t('home.title')}</h1>
      <p class="lead">{t('home.intro')}</p>
      <div class="actions">
        <a class="button" href="/login">
          {t('home.sign_in')}
        </a>
        <a class="button button-secondary" href="/register">
          {t('home.register')}
        </a>
      </div>
      <h2>{t('home.who_title')}</h2>
      <p>{t('home.who_body')}</p>
    </Layout>
  );
}
