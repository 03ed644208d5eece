/**
 * The filing pages' one script: plain browser JavaScript, no framework, no network beyond this site (and the
 * attachment storage's upload form). Every page works without it; it only makes them smoother:
 * - choosing the document type brings its form, or swaps only its fields, in place (HTML the server renders:
 *   `/file/form`, `/file/fields`);
 * - the declarant's ID / credit code field follows the declarant type;
 * - the preview of the printed notice and its fee follows the typing (HTML from `/file/preview`, debounced);
 * - proof files upload straight to storage and join the form as ticked boxes (untick to remove);
 * - withdrawing asks `confirm()` instead of a confirmation page; the receipt gets a copy button.
 */
export const CLIENT_SCRIPT = `
(() => {
  const typeForm = document.getElementById('type-form');
  const language = document.documentElement.lang;
  let form;
  let declarantChosen = false;

  const showDeclarantFields = () => {
    const chosen = form.querySelector('input[name="declarant.type"]:checked');
    for (const field of form.querySelectorAll('[data-declarant]')) {
      field.hidden = Boolean(chosen) && field.dataset.declarant !== chosen.value;
    }
  };

  // Without the script the upload control would do nothing, so it starts hidden.
  const showUpload = () => {
    const upload = document.getElementById('proof-upload');
    if (upload) upload.hidden = false;
  };

  let previewTimer;
  let previewSequence = 0;
  const refreshPreview = async () => {
    const mine = ++previewSequence;
    try {
      const response = await fetch(form.dataset.preview, { method: 'POST', body: new URLSearchParams(new FormData(form)) });
      const preview = document.getElementById('preview');
      if (response.ok && preview && mine === previewSequence) preview.innerHTML = await response.text();
    } catch (error) {
      // Offline for a moment: the preview button and the submit still work.
    }
  };
  const schedulePreview = (delay) => {
    if (!form || !form.dataset.preview) return;
    clearTimeout(previewTimer);
    previewTimer = setTimeout(refreshPreview, delay === undefined ? 400 : delay);
  };

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
        // A ticked box like those of the files on file: unticking removes it again.
        const item = document.createElement('li');
        const label = document.createElement('label');
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.name = 'attachments';
        box.value = answer.id;
        box.checked = true;
        label.append(box, input.dataset.uploaded + file.name);
        item.append(label);
        list.append(item);
        status.textContent = '';
        // The "proof needed" error was about the missing file: it is there now.
        const error = document.getElementById('proof-error');
        if (error) error.remove();
      } catch (error) {
        status.textContent = (error && error.message) || input.dataset.failed;
      }
    }
    input.value = '';
  };

  const setUpForm = (element) => {
    form = element;
    if (!form) return;
    const previewButton = form.querySelector('button[name=intent][value=preview]');
    if (previewButton) previewButton.hidden = true;
    showDeclarantFields();
    showUpload();
    form.addEventListener('input', () => schedulePreview());
    form.addEventListener('change', (event) => {
      if (event.target.name === 'declarant.type') {
        declarantChosen = true;
        showDeclarantFields();
      }
      if (event.target.id === 'proof-file') uploadProof(event.target);
      schedulePreview();
    });
  };

  const fetchForType = async (path, type) => {
    const url = new URL(path, location.href);
    url.searchParams.set('type', type);
    const response = await fetch(url);
    if (!response.ok) throw new Error(String(response.status));
    return response.text();
  };

  // Choosing a type: the first choice brings the whole form, later ones swap only the type's fields, so what
  // the person typed elsewhere stays.
  const switchType = async (type) => {
    if (!form) {
      document.getElementById('declaration-slot').innerHTML = await fetchForType(typeForm.dataset.form, type);
      setUpForm(document.getElementById('declaration-form'));
      return;
    }
    document.getElementById('type-fields').outerHTML = await fetchForType(typeForm.dataset.fields, type);
    form.elements.namedItem('document.type').value = type;
    const holder = document.getElementById('type-fields').dataset.holder;
    const holderChoice = form.querySelector('input[name="declarant.type"][value="' + holder + '"]');
    if (!declarantChosen && holderChoice) holderChoice.checked = true;
    showDeclarantFields();
    showUpload();
  };

  if (typeForm) {
    const select = typeForm.elements.namedItem('type');
    typeForm.querySelector('button[type=submit]').hidden = true;
    select.addEventListener('change', async () => {
      if (!select.value) return;
      try {
        await switchType(select.value);
      } catch (error) {
        return typeForm.submit();
      }
      const page = new URL(location.href);
      page.searchParams.set('type', select.value);
      history.replaceState(null, '', page);
      schedulePreview(0);
    });
  }

  setUpForm(document.getElementById('declaration-form') || document.getElementById('edit-form'));

  document.addEventListener('submit', (event) => {
    const question = event.target.dataset && event.target.dataset.confirm;
    if (!question) return;
    if (!window.confirm(question)) return event.preventDefault();
    event.target.elements.namedItem('confirm').value = 'yes';
  });

  // A number kept sealed shows masked; "change" empties the field (and drops the seal) for a new one.
  for (const button of document.querySelectorAll('button[data-clear]')) {
    button.hidden = false;
    button.addEventListener('click', () => {
      const input = document.getElementById(button.dataset.clear);
      const seal = input && input.form && input.form.elements.namedItem('sealed.' + input.name);
      if (seal) seal.remove();
      input.value = '';
      input.focus();
      button.remove();
    });
  }

  for (const button of document.querySelectorAll('button[data-print]')) {
    button.hidden = false;
    button.addEventListener('click', () => window.print());
  }

  // The receipt's QR code carries the code in the fragment (never sent to the server): fill it in.
  const fragmentReceipt = /^#r=([0-9A-Za-z-]{16,40})$/.exec(location.hash);
  const receiptInput = document.querySelector('#follow-form input[name="receipt"]');
  if (fragmentReceipt && receiptInput) {
    receiptInput.value = fragmentReceipt[1];
    history.replaceState(null, '', location.pathname + location.search);
  }

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
