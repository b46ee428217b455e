// Progressive enhancement of the digital ID page (/digital-id): while the page is open, a fresh
// signed code replaces the shown one shortly before it expires, so the holder never shows a stale
// QR code. Without JavaScript the "New code" link does the same. It asks GET /api/v1/me/digital-id
// (same origin, the session cookie) and updates the QR image, the verify link and the expiry line,
// then says so once in the polite status line. After three failures in a row it stops quietly.
const RENEW_BEFORE_MS = 20_000;

const image = document.querySelector('img.qr[data-expires-at]');
const expiry = document.getElementById('qr-expiry');
const status = document.getElementById('qr-status');
const link = document.querySelector('a[data-verify-link]');
let failures = 0;

function timeText(instant) {
  const language = document.documentElement.lang === 'en' ? 'en-GB' : 'ar-SA-u-nu-latn-ca-gregory';
  return new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'Asia/Riyadh' }).format(instant);
}

function schedule() {
  const expiresAt = Date.parse(image.dataset.expiresAt);
  const wait = Math.max(1_000, expiresAt - Date.now() - RENEW_BEFORE_MS);
  setTimeout(renew, wait);
}

async function renew() {
  try {
    const response = await fetch('/api/v1/me/digital-id', { headers: { accept: 'application/json', 'accept-language': document.documentElement.lang }, credentials: 'same-origin' });
    if (!response.ok) throw new Error(String(response.status));
    const card = await response.json();
    const before = timeText(new Date(image.dataset.expiresAt));
    image.src = card.qr;
    image.dataset.expiresAt = card.expiresAt;
    if (link) link.href = `/verify-id?token=${card.token}`;
    if (expiry) expiry.textContent = expiry.textContent.replace(before, timeText(new Date(card.expiresAt)));
    if (status && status.dataset.renewed) status.textContent = status.dataset.renewed;
    failures = 0;
    schedule();
  } catch {
    failures += 1;
    if (failures < 3) setTimeout(renew, 5_000);
  }
}

if (image) schedule();
