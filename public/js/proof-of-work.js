// "Verify without reading the image": the accessible alternative to the visual code. For every
// [data-pow-challenge-url] container it fetches a challenge, solves it (proof-of-work-core.js) and
// puts base64(JSON.stringify({ challenge, solution })) into the hidden input named captcha_pow.
// Load with <script type="module" src="/static/js/proof-of-work.js">. Expected markup:
//   <div data-pow-challenge-url="/api/v1/captcha/proof-of-work" data-pow-working="…"
//        data-pow-done="…" data-pow-failed="…" hidden>
//     <button type="button" role="checkbox" aria-checked="false">Verify without reading the image</button>
//     <input type="hidden" name="captcha_pow" value="">
//     <p role="status"></p>
//   </div>
// The container may be rendered `hidden` (useless without JavaScript); this script reveals it.
import { solve } from './proof-of-work-core.js';

for (const container of document.querySelectorAll('[data-pow-challenge-url]')) setUp(container);

function setUp(container) {
  const button = container.querySelector('button');
  const input = container.querySelector('input[name="captcha_pow"]');
  const status = container.querySelector('[role="status"]');
  if (!button || !input) return;
  const stateAttribute = button.getAttribute('role') === 'checkbox' ? 'aria-checked' : 'aria-pressed';
  let running = false;

  const announce = (key) => {
    if (status) status.textContent = container.dataset[key] || '';
  };

  button.addEventListener('click', async () => {
    if (running || input.value) return;
    running = true;
    container.setAttribute('aria-busy', 'true');
    button.setAttribute('aria-disabled', 'true');
    announce('powWorking');
    try {
      const response = await fetch(container.dataset.powChallengeUrl, {
        method: 'POST',
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
      });
      if (!response.ok) throw new Error(`challenge request failed: ${response.status}`);
      const { challenge } = await response.json();
      const solution = await solve(challenge);
      if (!solution) throw new Error('no solution found');
      input.value = btoa(JSON.stringify({ challenge, solution }));
      button.setAttribute(stateAttribute, 'true');
      announce('powDone');
    } catch {
      input.value = '';
      button.removeAttribute('aria-disabled');
      announce('powFailed');
    } finally {
      running = false;
      container.setAttribute('aria-busy', 'false');
    }
  });

  container.hidden = false;
}
