/**
 * The filing pages' one script: plain browser JavaScript, no framework, no network beyond this site (and the
 * attachment storage's upload form). Every page works without it; it only makes them smoother:
 * - changing the document type swaps the type's fields in place (HTML rendered by the server, `/file/fields`);
 * - the declarant's ID / credit code field follows the declarant type;
 * - the preview of the printed notice and its fee follows the typing (HTML from `/file/preview`, debounced);
 * - proof files upload straight to storage and join the form as hidden ids;
 * - withdrawing asks `confirm()` instead of a confirmation page; the receipt gets a copy button.
 */
export const CLIENT_SCRIPT = `
(() => {
  const form = document.getElementById('declaration-form') || document.getElementById('edit-form');
  const typeForm = document.getElementById('type-form');
  const language = document.documentElement.lang;

  let declarantChosen = false;
  const showDeclarantFields = () => {
    if (!form) return;
    const chosen = form.querySelector('input[name="declarant.type"]:checked');
    for (const field of form.querySelectorAll('[data-declarant]')) {
      field.hidden = Boolean(chosen) && field.dataset.declarant !== chosen.value;
    }
  };

  let previewTimer;
  let previewSequence = 0;
  const preview = document.getElementById('preview');
  const refreshPreview = async () => {
    const mine = ++previewSequence;
    try {
      const response = await fetch(form.dataset.preview, { method: 'POST', body: new URLSearchParams(new FormData(form)) });
      if (response.ok && mine === previewSequence) preview.innerHTML = await response.text();
    } catch (error) {
      // Offline for a moment: the preview button and the submit still work.
    }
  };
  const schedulePreview = (delay) => {
    if (!form || !preview || !form.dataset.preview) return;
    clearTimeout(previewTimer);
    previewTimer = setTimeout(refreshPreview, delay === undefined ? 400 : delay);
  };

  if (typeForm) {
    const select = typeForm.elements.namedItem('type');
    if (form) typeForm.querySelector('button[type=submit]').hidden = true;
    select.addEventListener('change', async () => {
      if (!select.value) return;
      if (!form) return typeForm.submit();
      const url = new URL(typeForm.dataset.fields, location.href);
      url.searchParams.set('type', select.value);
      try {
        const response = await fetch(url);
        if (!response.ok) return typeForm.submit();
        document.getElementById('type-fields').outerHTML = await response.text();
      } catch (error) {
        return typeForm.submit();
      }
      form.elements.namedItem('document.type').value = select.value;
      const holder = document.getElementById('type-fields').dataset.holder;
      const holderChoice = form.querySelector('input[name="declarant.type"][value="' + holder + '"]');
      if (!declarantChosen && holderChoice) holderChoice.checked = true;
      showDeclarantFields();
      const page = new URL(location.href);
      page.searchParams.set('type', select.value);
      history.replaceState(null, '', page);
      schedulePreview(0);
    });
  }

  if (form) {
    const previewButton = form.querySelector('button[name=intent][value=preview]');
    if (previewButton && preview) previewButton.hidden = true;
    showDeclarantFields();
    form.addEventListener('input', () => schedulePreview());
    form.addEventListener('change', (event) => {
      if (event.target.name === 'declarant.type') {
        declarantChosen = true;
        showDeclarantFields();
      }
      if (event.target.id === 'proof-file') uploadProof(event.target);
      schedulePreview();
    });
    const upload = document.getElementById('proof-upload');
    if (upload) upload.hidden = false;
  }

  const uploadProof = async (input) => {
    const status = document.getElementById('proof-status');
    const list = document.getElementById('proof-list');
    for (const file of Array.from(input.files)) {
      status.textContent = input.dataset.uploading + ' ' + file.name;
      try {
        const started = await fetch(input.dataset.start, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'accept-language': language },
          body: JSON.stringify({ contentType: file.type, size: file.size }),
        });
        const answer = await started.json();
        if (!started.ok) throw new Error((answer.errors && answer.errors[0] && answer.errors[0].message) || answer.detail);
        const body = new FormData();
        for (const [name, value] of Object.entries(answer.upload.fields)) body.append(name, value);
        body.append('file', file);
        const sent = await fetch(answer.upload.url, { method: 'POST', body });
        if (!sent.ok) throw new Error(input.dataset.failed);
        const item = document.createElement('li');
        const hidden = document.createElement('input');
        hidden.type = 'hidden';
        hidden.name = 'attachments';
        hidden.value = answer.id;
        item.append(hidden, input.dataset.uploaded + file.name);
        list.append(item);
        status.textContent = '';
      } catch (error) {
        status.textContent = (error && error.message) || input.dataset.failed;
      }
    }
    input.value = '';
  };

  document.addEventListener('submit', (event) => {
    const question = event.target.dataset && event.target.dataset.confirm;
    if (!question) return;
    if (!window.confirm(question)) return event.preventDefault();
    event.target.elements.namedItem('confirm').value = 'yes';
  });

  for (const button of document.querySelectorAll('button[data-copy]')) {
    if (!navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener('click', async () => {
      await navigator.clipboard.writeText(document.getElementById(button.dataset.copy).textContent.trim());
      button.textContent = button.dataset.copied;
    });
  }
})();
`;
