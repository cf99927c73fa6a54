// Drafts are saved in the background while an editor types, so a closed tab or a lost
// connection costs at most one interval of work. The form names the endpoint in
// data-autosave; without it nothing is sent.
const INTERVAL_MS = 20_000;

export function startAutosave(form, csrf, say, t) {
  const url = form.dataset.autosave;
  if (!url) return;
  let dirty = false;
  let busy = false;
  form.addEventListener('input', () => { dirty = true; });

  const save = async () => {
    if (!dirty || busy) return;
    busy = true;
    dirty = false;
    try {
      const body = new URLSearchParams(new FormData(form));
      const response = await fetch(form.dataset.autosave, {
        method: 'POST',
        body,
        credentials: 'same-origin',
        headers: { Accept: 'application/json', 'X-CSRF-Token': csrf },
      });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(answer.error || t.autosaveFailed);
      // A new article gets its id (and so its autosave and edit URLs) on the first save.
      if (answer.autosave_url) form.dataset.autosave = answer.autosave_url;
      if (answer.edit_url && form.dataset.newArticle !== undefined) {
        form.action = answer.edit_url;
        history.replaceState(null, '', answer.edit_url);
      }
      for (const [name, value] of Object.entries(answer.fields ?? {})) {
        const input = form.elements.namedItem(name);
        if (input) input.value = value;
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
