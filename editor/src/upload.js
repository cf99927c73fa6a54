// Uploads go to the media library (POST /admin/media), which checks the type by content,
// re-encodes images and answers JSON; the file name and type sent here are only hints.
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];

export function isUploadable(file) {
  return IMAGE_TYPES.includes(file.type);
}

export async function uploadFile(url, csrf, file) {
  const body = new FormData();
  body.append('file', file, file.name);
  body.append('_csrf', csrf);
  const response = await fetch(url, {
    method: 'POST',
    body,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'X-CSRF-Token': csrf },
  });
  let answer = {};
  try {
    answer = await response.json();
  } catch {
    // A proxy's HTML error page; the status below still says what happened.
  }
  if (!response.ok || !answer.url) {
    throw new Error(answer.error || `HTTP ${response.status}`);
  }
  return answer;
}
