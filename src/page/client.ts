/**
 * The page's only script, inline: with JavaScript the lookup form updates in place from the
 * JSON API (/resolve) instead of loading the page again, and the DoH URL gets a copy button.
 * Without it the form is a plain GET and the server renders the same text (dig.ts).
 */
import { CODE_NAMES } from './code-names.ts'
import { digText } from './dig.ts'

export const CLIENT_SCRIPT = `(() => {
const names = ${JSON.stringify(CODE_NAMES)};
const digText = ${digText.toString()};
const form = document.getElementById('lookup');
const result = document.getElementById('result');
const show = (cls, text) => {
  const el = document.createElement(cls === 'answer' ? 'pre' : 'p');
  el.className = cls;
  if (cls === 'error') el.setAttribute('role', 'alert');
  el.textContent = text;
  result.replaceChildren(el);
};
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const params = new URLSearchParams(new FormData(form));
  history.replaceState(null, '', '?' + params);
  show('muted', 'Looking up…');
  try {
    const res = await fetch('/resolve?' + params, { headers: { accept: 'application/json' } });
    if (res.ok) show('answer', digText(await res.json(), names));
    else show('error', (await res.text()).trim());
  } catch (err) {
    show('error', 'The lookup did not reach the resolver: ' + err.message);
  }
});
const url = document.getElementById('doh-url');
if (url && navigator.clipboard) {
  const copy = document.createElement('button');
  copy.type = 'button';
  copy.textContent = 'Copy';
  copy.addEventListener('click', () => navigator.clipboard.writeText(url.textContent).then(() => { copy.textContent = 'Copied'; }));
  url.after(copy);
}
})();`
