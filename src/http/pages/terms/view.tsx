// The terms of use and the privacy policy, at the version a registration records.
import { Layout, type PageContext } from '../../shared/layout.tsx';

export function TermsView(props: { page: PageContext; document: 'terms' | 'privacy'; version: string }) {
  const { t } = props.page;
  const sections = [1, 2, 3, 4];
  return (
    <Layout page={props.page} title={t(`${props.document}.title`)}>
      <h1>{t(`${props.document}.title`)}</h1>
      <p class="field-hint">{t('terms.version', { version: props.version })}</p>
      {sections.map((section) => (
        <p>{t(`${props.document}.section${section}`)}</p>
      ))}
      <p>
        <a href="/register">{t('terms.back')}</a>
      </p>
    </Layout>
  );
}
