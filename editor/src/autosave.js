// Drafts are saved in the background while an editor types, so a closed tab or a lost
// connection costs at most one interval of work. The form names the endpoint in
// data-autosave; without it nothing is sent. The server keeps the copy apart from the article
// (nothing changes for readers or reviewers until the editor saves), except that the first
// autosave of a new article creates its draft: the form then turns into that draft's edit form,
// so saving it cannot create a second article.
const INTERVAL_MS = 20_000;
const FIELDS = ['title', 'category', 'keywords', 'source', 'source_url', 'summary', 'body',
  'body_format', 'published_at', 'seo_title', 'seo_description', 'reason', 'version'];

function formFields(form) {
  const data = new FormData(form);
  const fields = {};
  for (const name of FIELDS) {
    const value = data.get(name);
    if (typeof value === 'string') fields[name] = value;
  }
  return fields;
}

export function startAutosave(form, csrf, say, t) {
  if (!form.dataset.autosave) return;
  let dirty = false;
  let busy = false;
  form.addEventListener('input', () => { dirty = true; });
  form.addEventListener('change', () => { dirty = true; });
  form.addEventListener('submit', () => { dirty = false; });

  const save = async () => {
    if (!dirty || busy) return;
    busy = true;
    dirty = false;
    try {
      const response = await fetch(form.dataset.autosave, {
        method: 'POST',
        body: JSON.stringify(formFields(form)),
        credentials: 'same-origin',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
          'X-CSRF-Token': csrf,
        },
      });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(answer.error || t.autosaveFailed);
      if (answer.created && answer.edit_url) {
        form.action = answer.edit_url;
        form.dataset.autosave = `${answer.edit_url}/autosave`;
        const version = form.elements.namedItem('version');
        if (version) version.value = String(answer.version);
        history.replaceState(null, '', answer.edit_url);
      }
      say(t.autosaved(new Date().toLocaleTimeString()));
    } catch (err) {
      dirty = true;
      say(err.message || t.autosaveFailed, true);
    } finally {
      busy = false;
    }
  };
  setInterval(save, INTERVAL_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') save();
  });
}
