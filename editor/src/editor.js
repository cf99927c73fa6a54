// The article body editor of the back end. It enhances a plain <textarea data-editor>:
// without this script (or with it blocked) the textarea still posts HTML, and the server
// sanitises whatever arrives, so nothing here is a security boundary.
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import Image from '@tiptap/extension-image';
import { TableKit } from '@tiptap/extension-table';
import { labels } from './labels.js';
import { uploadFile, isUploadable } from './upload.js';
import { startAutosave } from './autosave.js';
import { buildToolbar } from './toolbar.js';

function statusLine(wrapper) {
  const line = document.createElement('p');
  line.className = 'editor-status';
  line.setAttribute('role', 'status');
  line.setAttribute('aria-live', 'polite');
  wrapper.append(line);
  return (text, isError = false) => {
    line.textContent = text;
    line.classList.toggle('editor-status-error', isError);
  };
}

// Images that arrive as data: URLs (pasted from Word or a web page) are uploaded like files, so
// the stored article links our own copy instead of carrying megabytes of base64.
async function dataUrlToFile(src, index) {
  const blob = await (await fetch(src)).blob();
  const ext = (blob.type.split('/')[1] || 'png').replace(/[^a-z0-9]/g, '');
  return new File([blob], `pasted-${index}.${ext}`, { type: blob.type });
}

function mount(textarea) {
  const form = textarea.form;
  if (!form) return;
  const csrf = form.querySelector('input[name="_csrf"]')?.value ?? '';
  const uploadUrl = textarea.dataset.uploadUrl || '/admin/media';
  const t = labels(document.documentElement.lang);

  const wrapper = document.createElement('div');
  wrapper.className = 'editor';
  const surface = document.createElement('div');
  surface.className = 'editor-surface';
  textarea.before(wrapper);
  const say = statusLine(wrapper);
  let uploading = 0;
  const pendingDataImages = new Set();

  const upload = async (file) => {
    if (!isUploadable(file)) {
      say(t.notAnImage(file.name), true);
      return null;
    }
    uploading++;
    say(t.uploading(file.name));
    try {
      const media = await uploadFile(uploadUrl, csrf, file);
      say(t.uploaded(media.name || file.name));
      return media;
    } catch (err) {
      say(err.message || t.uploadFailed, true);
      return null;
    } finally {
      uploading--;
    }
  };

  const insertFiles = async (files, position) => {
    for (const file of files) {
      const media = await upload(file);
      if (!media) continue;
      const chain = editor.chain().focus();
      if (position !== undefined) chain.setTextSelection(position);
      chain.setImage({ src: media.url, alt: media.name || '' }).run();
    }
  };

  const replaceDataImages = async () => {
    const found = [];
    editor.state.doc.descendants((node) => {
      if (node.type.name === 'image' && node.attrs.src?.startsWith('data:') &&
          !pendingDataImages.has(node.attrs.src)) {
        found.push(node.attrs.src);
      }
    });
    for (const [i, src] of found.entries()) {
      pendingDataImages.add(src);
      const media = await upload(await dataUrlToFile(src, i + 1));
      let at = -1;
      editor.state.doc.descendants((node, pos) => {
        if (at < 0 && node.type.name === 'image' && node.attrs.src === src) at = pos;
        return at < 0;
      });
      if (at >= 0) {
        const node = editor.state.doc.nodeAt(at);
        const tr = editor.state.tr;
        if (media) tr.setNodeMarkup(at, undefined, { ...node.attrs, src: media.url });
        else tr.delete(at, at + node.nodeSize);
        editor.view.dispatch(tr);
      }
      pendingDataImages.delete(src);
    }
  };

  const editor = new Editor({
    element: surface,
    injectCSS: false,
    content: textarea.value,
    extensions: [
      StarterKit.configure({ heading: { levels: [2, 3, 4] }, link: { openOnClick: false } }),
      Image.configure({ allowBase64: true }),
      TableKit.configure({ table: { resizable: false } }),
    ],
    editorProps: {
      attributes: { 'aria-label': t.bodyLabel, 'aria-multiline': 'true', role: 'textbox' },
      handlePaste(view, event) {
        const files = [...(event.clipboardData?.files ?? [])].filter((f) => f.type.startsWith('image/'));
        if (files.length === 0) return false;
        event.preventDefault();
        insertFiles(files);
        return true;
      },
      handleDrop(view, event, slice, moved) {
        const files = [...(event.dataTransfer?.files ?? [])];
        if (moved || files.length === 0) return false;
        event.preventDefault();
        const at = view.posAtCoords({ left: event.clientX, top: event.clientY });
        insertFiles(files, at?.pos);
        return true;
      },
    },
    onUpdate() {
      textarea.value = editor.getHTML();
      textarea.dispatchEvent(new Event('input', { bubbles: true }));
      replaceDataImages();
    },
  });

  const picker = document.createElement('input');
  picker.type = 'file';
  picker.accept = 'image/png,image/jpeg,image/webp,image/gif';
  picker.multiple = true;
  picker.hidden = true;
  picker.addEventListener('change', () => {
    insertFiles([...picker.files]);
    picker.value = '';
  });

  wrapper.prepend(buildToolbar(editor, t, () => picker.click()), picker);
  wrapper.append(surface);
  wrapper.append(wrapper.querySelector('.editor-status'));
  textarea.hidden = true;
  textarea.classList.add('editor-source');

  // The Markdown mode is the plain textarea; switching shows it and hides the rich surface.
  const formats = [...form.querySelectorAll('input[name="body_format"]')];
  const applyFormat = () => {
    const rich = !formats.some((input) => input.checked && input.value === 'markdown');
    wrapper.hidden = !rich;
    textarea.hidden = rich;
    if (rich) editor.commands.setContent(textarea.value, { emitUpdate: false });
  };
  for (const input of formats) input.addEventListener('change', applyFormat);
  applyFormat();

  form.addEventListener('submit', (event) => {
    if (uploading > 0) {
      event.preventDefault();
      say(t.waitForUpload, true);
      return;
    }
    if (!wrapper.hidden) textarea.value = editor.getHTML();
  });

  startAutosave(form, csrf, say, t);
  form.classList.add('editor-ready');
}

document.querySelectorAll('textarea[data-editor]').forEach(mount);
