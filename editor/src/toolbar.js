// The toolbar: one button per command, with aria-pressed kept in step with the selection.
function button(label, run, isActive) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.title = label;
  b.addEventListener('mousedown', (e) => e.preventDefault());  // keep the editor's selection
  b.addEventListener('click', run);
  b.isActive = isActive;
  return b;
}

function askLink(editor, t) {
  const current = editor.getAttributes('link').href || 'https://';
  const href = window.prompt(t.linkPrompt, current);
  if (href === null) return;
  if (href.trim() === '' || href.trim() === 'https://') {
    editor.chain().focus().unsetLink().run();
  } else if (/^(https?:\/\/|\/|mailto:)/i.test(href.trim())) {
    editor.chain().focus().extendMarkRange('link').setLink({ href: href.trim() }).run();
  }
}

export function buildToolbar(editor, t, pickImage) {
  const bar = document.createElement('div');
  bar.className = 'editor-toolbar';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', t.bodyLabel);
  const c = () => editor.chain().focus();
  const groups = [
    [
      button(t.paragraph, () => c().setParagraph().run(), () => editor.isActive('paragraph')),
      button(t.h2, () => c().toggleHeading({ level: 2 }).run(), () => editor.isActive('heading', { level: 2 })),
      button(t.h3, () => c().toggleHeading({ level: 3 }).run(), () => editor.isActive('heading', { level: 3 })),
      button(t.h4, () => c().toggleHeading({ level: 4 }).run(), () => editor.isActive('heading', { level: 4 })),
    ],
    [
      button(t.bold, () => c().toggleBold().run(), () => editor.isActive('bold')),
      button(t.italic, () => c().toggleItalic().run(), () => editor.isActive('italic')),
      button(t.strike, () => c().toggleStrike().run(), () => editor.isActive('strike')),
      button(t.link, () => askLink(editor, t), () => editor.isActive('link')),
    ],
    [
      button(t.bulletList, () => c().toggleBulletList().run(), () => editor.isActive('bulletList')),
      button(t.orderedList, () => c().toggleOrderedList().run(), () => editor.isActive('orderedList')),
      button(t.blockquote, () => c().toggleBlockquote().run(), () => editor.isActive('blockquote')),
    ],
    [
      button(t.table, () => c().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()),
      button(t.addRow, () => c().addRowAfter().run()),
      button(t.addColumn, () => c().addColumnAfter().run()),
      button(t.deleteRow, () => c().deleteRow().run()),
      button(t.deleteColumn, () => c().deleteColumn().run()),
      button(t.deleteTable, () => c().deleteTable().run()),
    ],
    [button(t.image, pickImage)],
    [
      button(t.undo, () => c().undo().run()),
      button(t.redo, () => c().redo().run()),
    ],
  ];
  const tableOnly = new Set(groups[3].slice(1));
  for (const group of groups) {
    const g = document.createElement('span');
    g.className = 'editor-group';
    g.append(...group);
    bar.append(g);
  }
  const refresh = () => {
    const inTable = editor.isActive('table');
    for (const b of bar.querySelectorAll('button')) {
      if (b.isActive) b.setAttribute('aria-pressed', String(Boolean(b.isActive())));
      if (tableOnly.has(b)) b.disabled = !inTable;
    }
  };
  editor.on('selectionUpdate', refresh);
  editor.on('transaction', refresh);
  refresh();
  return bar;
}
