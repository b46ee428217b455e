// Progressive enhancement of the Nafath request page (/account/activate/nafath/:id). Optional: the
// page works without it (its "check now" link reloads it). Loaded with <script type="module">; it
// counts down the seconds left in #nafath-countdown and asks the page's JSON status URL
// (#nafath-request[data-status-url]) every 2 seconds; once the request is no longer waiting, it
// loads the page again (the server shows how it ended). While the network fails it keeps trying
// and says so in the polite status line #nafath-live (its text comes from data-offline).
const POLL_MS = 2000;

const box = document.getElementById('nafath-request');
if (box) follow(box);

function follow(box) {
  const statusUrl = box.dataset.statusUrl;
  const pageUrl = box.dataset.pageUrl;
  const countdown = document.getElementById('nafath-countdown');
  const live = document.getElementById('nafath-live');
  let secondsLeft = Number(box.dataset.secondsLeft) || 0;
  let done = false;

  const show = () => {
    if (!countdown) return;
    const seconds = Math.max(0, secondsLeft);
    countdown.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  };

  const tick = window.setInterval(() => {
    secondsLeft -= 1;
    show();
  }, 1000);

  const poll = async () => {
    if (done) return;
    try {
      const response = await fetch(statusUrl, { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
      if (response.status === 401 || response.status === 404 || response.redirected) return finish();
      if (!response.ok) throw new Error(String(response.status));
      const status = await response.json();
      if (live) live.textContent = '';
      if (typeof status.secondsLeft === 'number') secondsLeft = status.secondsLeft;
      show();
      if (status.state !== 'waiting') return finish();
    } catch {
      if (live && box.dataset.offline) live.textContent = box.dataset.offline;
    }
    window.setTimeout(poll, POLL_MS);
  };

  const finish = () => {
    done = true;
    window.clearInterval(tick);
    window.location.replace(pageUrl);
  };

  window.setTimeout(poll, POLL_MS);
}
