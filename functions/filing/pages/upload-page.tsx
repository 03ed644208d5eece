import type { AttachmentContentType, UploadForm } from '../../../shared/store/attachments.js';
import { Page } from './frame.js';
import type { PageContext } from './page-context.js';

/**
 * Proof upload without a script: one plain multipart form per accepted file type, posting straight to storage,
 * which sends the browser back to the form it came from (`backUrl`, with the new file's key) — everything
 * typed there is carried, sealed, in that address.
 */
export function UploadPage(props: { page: PageContext; uploads: readonly { contentType: AttachmentContentType; upload: UploadForm }[]; backUrl: string }) {
  const { page } = props;
  const text = page.text.upload;
  return (
    <Page page={page} title={text.title} languageSwitch={false}>
      <h1>{text.title}</h1>
      <p>{text.intro}</p>
      {props.uploads.map(({ contentType, upload }) => (
        <form class="upload-form" method="post" action={upload.url} enctype="multipart/form-data">
          {Object.entries(upload.fields).map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          <label for={`upload-${contentType}`}>{page.text.form.proofKinds[contentType]}</label>
          <input type="file" id={`upload-${contentType}`} name="file" accept={contentType} required />
          <button type="submit">{text.send}</button>
        </form>
      ))}
      <p>
        <a href={props.backUrl}>{text.back}</a>
      </p>
    </Page>
  );
}
