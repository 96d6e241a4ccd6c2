// The account page's "Your keys" part: the custody in plain words, switching it (with the password), and, while
// locked, the recovery code (made with the password, shown once, regenerated, revoked) and the state of family
// recovery (chosen on the guardians page). docs/api.md, "PUT /api/v1/me/custody" and "Recovery code".
import {api, showProblem, ApiError} from '../api.js';
import {h, render, field} from '../dom.js';
import {dateTime} from '../format.js';

const LOCKED = 'Locked: your keys are locked under your password. The server can use them only while you are signed in '
  + 'on one of your devices; while you are signed out nobody can read your messages, not even whoever runs the server.';
const HOSTED = 'Hosted: the server holds your keys and can use them at any time, so whoever runs the server can read '
  + 'your messages (server custody). A stolen database or backup alone does not reveal them.';

/** What an error of the password-confirmed actions means here. */
function refusal(error) {
  if (error instanceof ApiError && error.is('forbidden')) return 'Wrong password.';
  if (error instanceof ApiError && error.is('keyring-locked')) {
    return 'This sign-in can no longer unlock your keys. Sign out, sign in again, then try once more.';
  }
  return error;
}

class Custody extends HTMLElement {
  connectedCallback() {
    this.password = h('input', {name: 'password', type: 'password', autocomplete: 'current-password'});
    this.errorBox = h('div');
    this.statusBox = h('p', {role: 'status', class: 'hint'});
    this.refresh();
  }

  async refresh() {
    const me = this.app.store.me;
    const [made, guardians] = me.custody === 'locked'
      ? await Promise.all([this.load('api/v1/me/recovery-code'), this.load('api/v1/me/guardians')]) : [null, null];
    const code = made?.createdAt ? made : null; // {createdAt: null}: no recovery code
    this.password.value = '';
    render(this,
      h('h2', {}, 'Your keys'),
      h('p', {class: 'custody', 'data-custody': me.custody}, me.custody === 'locked' ? LOCKED : HOSTED),
      me.custody === 'locked' ? this.lockedParts(code, guardians) : this.hostedParts(),
      field('Your password', this.password, 'Every change here needs your password.'),
      this.errorBox,
      this.statusBox,
      me.custody === 'locked' ? this.lockedActions(code) : this.hostedActions());
  }

  /** GET path: its answer, or null when it failed (then said in the error box). */
  async load(path) {
    try {
      return await api('GET', path);
    } catch (error) {
      showProblem(this.errorBox, error);
      return null;
    }
  }

  hostedParts() {
    return [
      h('p', {}, 'You can lock your keys. Your other devices are then signed out and sign in again with your password. '
        + 'Once locked, make a recovery code or choose family guardians: without either, a forgotten password means '
        + 'your messages and keys are lost for good.'),
    ];
  }

  hostedActions() {
    return h('p', {class: 'actions'},
      h('button', {type: 'button', class: 'primary', onclick: () => this.switchTo('locked')}, 'Lock my keys'));
  }

  lockedParts(code, guardians) {
    const recovery = [];
    if (code) recovery.push(`with a recovery code (made ${dateTime(code.createdAt)})`);
    if (guardians?.available) recovery.push(`through your family guardians (any ${guardians.threshold} of ${guardians.guardians.length})`);
    return [
      h('p', {class: 'recovery-state'}, recovery.length
        ? `If you forget your password, you can get back in ${recovery.join(' or ')}.`
        : 'You have no way back in if you forget your password: your messages and keys would be lost for good. '
          + 'Make a recovery code, or choose family guardians.'),
      h('h3', {}, 'Recovery code'),
      h('p', {class: 'code-state'}, code ? `You made a recovery code on ${dateTime(code.createdAt)}. Making a new one replaces it.`
        : 'You have no recovery code.'),
      h('p', {class: 'hint'}, 'A recovery code is 32 characters, shown once. Whoever holds it can set a new password '
        + 'for your account and read your messages: keep it like a house key, on paper, not on this device.'),
      h('h3', {}, 'Family guardians'),
      h('p', {}, guardians?.threshold ? `${guardians.guardians.length} guardians; any ${guardians.threshold} of them together `
        + `can let you back in. ${guardians.available ? 'Family recovery is available.' : 'Family recovery is not available now: too few of them can still help.'}`
        : 'You have chosen no guardians.', ' ', h('a', {href: 'guardians'}, 'Choose guardians')),
      h('h3', {}, 'Back to hosted'),
      h('p', {class: 'hint'}, 'Hosted keys can be used by the server at any time again. Your recovery code and your '
        + 'guardians are deleted; nothing is lost.'),
    ];
  }

  lockedActions(code) {
    return h('p', {class: 'actions'},
      h('button', {type: 'button', class: 'primary', onclick: () => this.makeCode()},
        code ? 'Make a new recovery code' : 'Make a recovery code'),
      code ? h('button', {type: 'button', onclick: () => this.revokeCode()}, 'Revoke the recovery code') : null,
      h('button', {type: 'button', class: 'danger', onclick: () => this.switchTo('hosted')}, 'Switch to hosted'));
  }

  async confirmed(action, done) {
    showProblem(this.errorBox, null);
    this.statusBox.textContent = '';
    if (!this.password.value) {
      showProblem(this.errorBox, 'Type your password first.');
      this.password.focus();
      return;
    }
    this.querySelectorAll('button').forEach(button => button.disabled = true);
    try {
      const answer = await action(this.password.value);
      await done(answer);
    } catch (error) {
      showProblem(this.errorBox, refusal(error));
      this.querySelectorAll('button').forEach(button => button.disabled = false);
    }
  }

  switchTo(custody) {
    return this.confirmed(password => api('PUT', 'api/v1/me/custody', {custody, password}), async () => {
      await this.app.store.loadMe();
      await this.refresh();
      this.statusBox.textContent = custody === 'locked'
        ? 'Your keys are locked. Your other devices were signed out: sign in there again with your password.'
        : 'Your keys are hosted again.';
    });
  }

  makeCode() {
    return this.confirmed(password => api('POST', 'api/v1/me/recovery-code', {password}), answer => this.showCode(answer.recoveryCode));
  }

  revokeCode() {
    return this.confirmed(password => api('DELETE', 'api/v1/me/recovery-code', {password}), async () => {
      await this.refresh();
      this.statusBox.textContent = 'Your recovery code was revoked: it no longer works.';
    });
  }

  /** The code, once: large, until the user says they wrote it down; then it is gone from the page. */
  showCode(code) {
    this.password.value = '';
    render(this,
      h('h2', {}, 'Your recovery code'),
      h('p', {}, 'Write it down now, on paper, and keep it somewhere safe. It is shown only this once; the server does '
        + 'not keep it. Whoever has it can set a new password for your account and read your messages. Any earlier '
        + 'code no longer works.'),
      h('p', {class: 'recovery-code'}, code),
      h('p', {class: 'actions'},
        h('button', {type: 'button', class: 'primary', onclick: () => this.refresh()}, 'I have written it down')));
  }
}

customElements.define('fc-custody', Custody);
