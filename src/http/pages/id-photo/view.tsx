// The photo upload page of the national ID renewal: the photo rules, a file input and the errors.
// Guarantees: a multipart form with the CSRF token in it; the error summary links to the input.
import { CsrfField, ErrorSummary } from '../../shared/forms.tsx';
import { Layout, type PageContext } from '../../shared/layout.tsx';

const id = 'civil.national_id_renewal';

export function IdPhotoView(props: { page: PageContext; errors: string[] }) {
  const { page, errors } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t(`${id}.photo.title`)}>
      <h1>{t(`${id}.photo.title`)}</h1>
      <ErrorSummary t={t} fields={[{ id: 'photo', messages: errors }]} />
      <p class="lead">{t(`${id}.photo.intro`)}</p>
      <form method="post" action={`/services/${id}/photo`} enctype="multipart/form-data" class="form" novalidate>
        <CsrfField token={page.csrfToken} />
        <div class={errors.length > 0 ? 'field field-invalid' : 'field'}>
          <label class="field-label" for="photo">
            {t(`${id}.photo.field`)}
          </label>
          {errors.length > 0 && (
            <p class="field-error" id="photo-error">
              {errors.map((message) => (
                <span class="field-error-line">{message}</span>
              ))}
            </p>
          )}
          <input
            class="input"
            id="photo"
            name="photo"
            type="file"
            accept="image/jpeg,image/png"
            required
            aria-invalid={errors.length > 0 ? 'true' : undefined}
            aria-describedby={errors.length > 0 ? 'photo-error' : undefined}
          />
        </div>
        <button type="submit" class="button">
          {t(`${id}.photo.submit`)}
        </button>
      </form>
      <p>
        <a href={`/services/${id}`}>{t(`${id}.title`)}</a>
      </p>
    </Layout>
  );
}
