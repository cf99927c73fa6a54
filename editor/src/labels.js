// Toolbar and status texts in the page's language (the back end is Chinese, English with ?lang=en).
const zh = {
  bodyLabel: '正文',
  paragraph: '正文', h2: '标题2', h3: '标题3', h4: '标题4',
  bold: '加粗', italic: '斜体', strike: '删除线',
  bulletList: '无序列表', orderedList: '有序列表', blockquote: '引用',
  link: '链接', linkPrompt: '链接地址(http:// 或 https:// 开头)', unlink: '取消链接',
  table: '插入表格', addRow: '加一行', addColumn: '加一列', deleteRow: '删除行',
  deleteColumn: '删除列', deleteTable: '删除表格',
  image: '插入图片', undo: '撤销', redo: '重做',
  uploading: (name) => `正在上传 ${name}…`,
  uploaded: (name) => `已插入图片 ${name}`,
  uploadFailed: '图片上传失败,请重试',
  notAnImage: (name) => `${name} 不是可插入的图片(支持 JPEG、PNG、WebP、GIF)`,
  waitForUpload: '图片还在上传,请稍候再保存',
  autosaved: (time) => `草稿已自动保存(${time})`,
  autosaveFailed: '自动保存失败,请手动保存',
};

const en = {
  bodyLabel: 'Body',
  paragraph: 'Text', h2: 'Heading 2', h3: 'Heading 3', h4: 'Heading 4',
  bold: 'Bold', italic: 'Italic', strike: 'Strikethrough',
  bulletList: 'Bulleted list', orderedList: 'Numbered list', blockquote: 'Quote',
  link: 'Link', linkPrompt: 'Link address (starting with http:// or https://)', unlink: 'Remove link',
  table: 'Insert table', addRow: 'Add row', addColumn: 'Add column', deleteRow: 'Delete row',
  deleteColumn: 'Delete column', deleteTable: 'Delete table',
  image: 'Insert image', undo: 'Undo', redo: 'Redo',
  uploading: (name) => `Uploading ${name}…`,
  uploaded: (name) => `Inserted image ${name}`,
  uploadFailed: 'The image could not be uploaded; please try again',
  notAnImage: (name) => `${name} is not an image that can be inserted (JPEG, PNG, WebP or GIF)`,
  waitForUpload: 'An image is still uploading; save again in a moment',
  autosaved: (time) => `Draft saved automatically (${time})`,
  autosaveFailed: 'Automatic save failed; please save by hand',
};

export function labels(lang) {
  return (lang || '').toLowerCase().startsWith('en') ? en : zh;
}
