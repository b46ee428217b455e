// Progressive enhancement of the registration pages (the form and the code page). Everything here
// is optional: the pages work fully without it. Loaded with <script type="module"
// src="/static/js/register.js">; it pulls in the no-reading check (proof-of-work.js) and adds:
//   - focus on the error summary when a page comes back with errors, and summary links that
//     focus their field with its label in view;
//   - a live password checklist in any form holding `[data-live-rules]` (registration, new
//     password, password change): each `li[data-rule]` gets data-state="met" or "unmet" and a
//     visually hidden state word (from the list's data-met / data-unmet); one polite status line
//     (`[data-live-rules-status]`, template in data-summary) says how many rules are met once
//     typing pauses, and only when that number changed;
//   - username availability: after typing stops, GET {form[data-username-check]}{username} and
//     write #username-availability's data-available or data-taken into it.
// The password rules mirror src/core/identity/password-policy.ts; the server lists only the rules
// of the policy in force (absher or nist, src/http/shared/password-rules.tsx), and only those the
// page can check carry data-rule, so the checklist follows the configured policy. The server stays
// the judge: a difference here can only mislead the checklist, never let a bad password through.
import './proof-of-work.js';

const USERNAME_DEBOUNCE_MS = 500;
const SUMMARY_DEBOUNCE_MS = 1200;

focusErrorSummary();
enhanceSummaryLinks();
for (const form of document.querySelectorAll('form')) {
  if (form.querySelector('[data-live-rules]')) setUpPasswordChecklist(form);
  if (form.hasAttribute('data-username-check')) setUpUsernameCheck(form);
}

// ---- Error summary ----

function focusErrorSummary() {
  const summary = document.querySelector('[data-autofocus]');
  if (summary instanceof HTMLElement) summary.focus();
}

/** A summary link moves focus into its field (the first control of a group) with the label in view. */
function enhanceSummaryLinks() {
  for (const link of document.querySelectorAll('.error-summary a[href^="#"]')) {
    link.addEventListener('click', (event) => {
      const target = document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
      if (!target) return;
      const control = target.matches('input, select, textarea, button') ? target : target.querySelector('input:not([type="hidden"]), select, textarea');
      if (!control) return;
      event.preventDefault();
      const field = control.closest('.field') ?? control;
      field.scrollIntoView({ block: 'start' });
      control.focus({ preventScroll: true });
    });
  }
}

// ---- Password checklist ----

const SEQUENCE_ALPHABETS = ['abcdefghijklmnopqrstuvwxyz', '0123456789'];

/** Arabic-Indic and Persian digits to ASCII, as the server normalises identifiers. */
function asciiDigits(text) {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (digit) => {
    const code = digit.charCodeAt(0);
    return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
  });
}

function longestRun(chars, related) {
  let longest = chars.length > 0 ? 1 : 0;
  let current = longest;
  for (let index = 1; index < chars.length; index += 1) {
    current = related(chars[index - 1], chars[index]) ? current + 1 : 1;
    if (current > longest) longest = current;
  }
  return longest;
}

const follows = (step) => (previous, next) =>
  SEQUENCE_ALPHABETS.some((alphabet) => {
    const at = alphabet.indexOf(previous);
    return at >= 0 && alphabet.indexOf(next) === at + step;
  });

function mostUsesOfOneCharacter(chars) {
  const counts = new Map();
  let most = 0;
  for (const char of chars) {
    const count = (counts.get(char) ?? 0) + 1;
    counts.set(char, count);
    if (count > most) most = count;
  }
  return most;
}

function usernamePieces(username, length) {
  const name = asciiDigits(username.trim()).toLowerCase();
  if (name.length <= length) return name ? [name] : [];
  const pieces = [];
  for (let index = 0; index + length <= name.length; index += 1) pieces.push(name.slice(index, index + length));
  return pieces;
}

/** The national 9 digits (5XXXXXXXX) of any accepted way of writing a Saudi mobile, or null. */
function nationalMobile(mobile) {
  const digits = asciiDigits(mobile).replace(/[\s\-()]/g, '');
  const match = /^(?:\+966|00966|966|0)?(5\d{8})$/.exec(digits);
  return match ? match[1] : null;
}

function tenDigitId(idNumber) {
  const digits = asciiDigits(idNumber).replace(/\s+/g, '');
  return /^\d{10}$/.test(digits) ? digits : null;
}

/** Whether each rule of the checklist holds for `password` in its context. */
export function passwordRuleStates(password, context) {
  const chars = [...password];
  const lowerChars = [...password.toLowerCase()];
  const lower = password.toLowerCase();
  const digits = asciiDigits(password);
  const id = tenDigitId(context.idNumber ?? '');
  const mobile = nationalMobile(context.mobile ?? '');
  return {
    length: chars.length >= 8 && chars.length <= 64,
    characters: /^[A-Za-z0-9]*$/.test(password),
    upper: /[A-Z]/.test(password),
    lower: /[a-z]/.test(password),
    digit: /[0-9]/.test(password),
    no_repeat: longestRun(chars, (a, b) => a === b) <= 3 && mostUsesOfOneCharacter(chars) <= 4,
    no_sequence: Math.max(longestRun(lowerChars, follows(1)), longestRun(lowerChars, follows(-1))) <= 3,
    no_username:
      !usernamePieces(context.username ?? '', 5).some((piece) => lower.includes(piece)) &&
      !(id && digits.includes(id)) &&
      !(mobile && digits.includes(mobile)),
  };
}

function setUpPasswordChecklist(form) {
  const list = form.querySelector('[data-live-rules]');
  const password = form.querySelector('input[name="password"]');
  if (!list || !password) return;
  const items = [...list.querySelectorAll('li[data-rule]')];
  const status = form.querySelector('[data-live-rules-status]');
  const field = (name) => form.querySelector(`input[name="${name}"]`);
  const contextFields = ['username', 'idNumber', 'mobile'].map(field).filter(Boolean);

  // A hidden word after each rule says its state to screen readers that read the list.
  const stateWords = new Map();
  for (const item of items) {
    const word = document.createElement('span');
    word.className = 'visually-hidden';
    item.append(word);
    stateWords.set(item, word);
  }

  let announced = null;
  let summaryTimer;

  const update = () => {
    const value = password.value;
    const states = passwordRuleStates(value, {
      username: field('username')?.value ?? '',
      idNumber: field('idNumber')?.value ?? '',
      mobile: field('mobile')?.value ?? '',
    });
    let met = 0;
    for (const item of items) {
      const word = stateWords.get(item);
      if (value === '') {
        item.removeAttribute('data-state');
        word.textContent = '';
        continue;
      }
      const holds = states[item.dataset.rule] === true;
      if (holds) met += 1;
      item.dataset.state = holds ? 'met' : 'unmet';
      word.textContent = ` (${(holds ? list.dataset.met : list.dataset.unmet) ?? ''})`;
    }
    scheduleSummary(value === '' ? null : met);
  };

  // One polite sentence when typing pauses, and only when the count changed: no chatter per key.
  const scheduleSummary = (met) => {
    if (!status || !list.dataset.summary) return;
    clearTimeout(summaryTimer);
    summaryTimer = setTimeout(() => {
      if (met === announced) return;
      announced = met;
      status.textContent =
        met === null ? '' : list.dataset.summary.replace('{met}', String(met)).replace('{total}', String(items.length));
    }, SUMMARY_DEBOUNCE_MS);
  };

  password.addEventListener('input', update);
  for (const input of contextFields) input.addEventListener('input', () => password.value && update());
  // A browser may restore a typed password on "back".
  if (password.value) update();
}

// ---- Username availability ----

/** Only a name that passes the format rules is worth asking about (the server says why otherwise). */
function wellFormedUsername(name) {
  return /^[A-Za-z][A-Za-z0-9]{7,29}$/.test(name) && /[a-z]/.test(name) && /[0-9]/.test(name);
}

function setUpUsernameCheck(form) {
  const input = form.querySelector('input[name="username"]');
  const note = document.getElementById('username-availability');
  const base = form.dataset.usernameCheck;
  if (!input || !note || !base) return;
  let timer;
  let controller;
  let shownFor = null;

  const show = (text, state) => {
    if (note.textContent !== text) note.textContent = text;
    if (state) note.dataset.state = state;
    else delete note.dataset.state;
  };

  const check = async (name) => {
    controller?.abort();
    controller = new AbortController();
    try {
      const response = await fetch(base + encodeURIComponent(name), {
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
        signal: controller.signal,
      });
      if (!response.ok) return show('', null);
      const answer = await response.json();
      if (asciiDigits(input.value.trim()) !== name) return;
      if (Array.isArray(answer.reasons)) return show('', null);
      shownFor = name;
      if (answer.available === true) show(note.dataset.available ?? '', 'ok');
      else if (answer.available === false) show(note.dataset.taken ?? '', 'bad');
    } catch {
      // Offline or aborted: say nothing; the server checks again on submit.
    }
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const name = asciiDigits(input.value.trim());
    if (name === shownFor) return;
    controller?.abort();
    shownFor = null;
    show('', null);
    if (!wellFormedUsername(name)) return;
    timer = setTimeout(() => check(name), USERNAME_DEBOUNCE_MS);
  });

  // A value kept after a failed submit is worth checking at once.
  const initial = asciiDigits(input.value.trim());
  if (wellFormedUsername(initial)) void check(initial);
}
