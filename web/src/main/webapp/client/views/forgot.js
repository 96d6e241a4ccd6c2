// "Forgot your password?" (/forgot), for an account with locked keys, two ways: with the recovery code made
// beforehand (POST /api/v1/recovery/code), or through the family guardians (POST /api/v1/recovery/requests, then
// waiting for their approvals, then completing). The waiting survives a reload: the request's id and secret are
// kept in sessionStorage (this tab only, gone with it; never localStorage) until the request is over. The new
// password is not kept anywhere: finishing asks for it again.
import {api, explain, showProblem, ApiError} from '../api.js';
import {h, render, field} from '../dom.js';
import {dateTime} from '../format.js';
import {AuthForm, DeviceGone, deviceChoice, input, signIn} from './auth.js';

const PENDING = 'famichat.recovery';
const POLL_MS = 3000;

/** The request this tab waits for: {requestId, requestSecret, username, threshold, expiresAt}, or null. */
function pending() {
  try {
    return JSON.parse(sessionStorage.getItem(PENDING));
  } catch {
    return null;
  }
}

const OVER = {
  refused: 'Your guardians refused the request: enough of them said no. Nothing changed. If it was you, talk to them and ask again.',
  expired: 'The request expired before enough guardians approved. Nothing changed. You can ask again.',
  cancelled: 'The request was cancelled from one of your signed-in devices. Nothing changed.',
  completed: 'This request is finished already: sign in with your new password.',
};

class Forgot extends AuthForm {
  connectedCallback() {
    this.errorBox = h('div');
    if (pending()) this.waiting();
    else this.choose();
  }

  disconnectedCallback() {
    clearTimeout(this.timer);
  }

  card(...children) {
    render(this, h('section', {class: 'card auth'}, ...children));
  }

  /** The two ways; note: what the page says first (after "Cancel the request"). */
  choose(note) {
    this.card(
      h('h1', {}, 'Forgot your password?'),
      note ? h('p', {role: 'status', class: 'hint'}, note) : null,
      h('p', {}, 'If your keys are locked, you can set a new password and keep your messages in one of two ways, '
        + 'if you prepared it while you still knew your password.'),
      h('p', {class: 'actions'},
        h('button', {type: 'button', class: 'primary', onclick: () => this.withCode()}, 'With my recovery code'),
        h('button', {type: 'button', class: 'primary', onclick: () => this.withFamily()}, 'Through my family guardians')),
      h('p', {class: 'hint'}, 'If your keys are hosted, or you prepared neither, ask whoever runs your Famichat server.'),
      h('p', {}, h('a', {href: 'signin'}, 'Back to sign in')));
  }

  withCode() {
    this.username = input('username', {autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false'});
    this.code = input('recoveryCode', {autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false'});
    this.password = input('newPassword', {type: 'password', autocomplete: 'new-password', minlength: 10});
    this.device = deviceChoice(() => this.username.value);
    this.username.addEventListener('input', () => this.device.update());
    this.card(
      h('h1', {}, 'New password with your recovery code'),
      h('form', {onsubmit: event => this.submitCode(event)},
        field('Username', this.username),
        field('Recovery code', this.code, '32 characters; spaces, dashes and case do not matter.'),
        field('New password', this.password, 'At least 10 characters.'),
        this.device.field,
        this.errorBox,
        h('button', {type: 'submit', class: 'primary'}, 'Set the new password')),
      h('p', {class: 'hint'}, 'Your code is used up: make a new one in Settings once you are in.'),
      h('p', {}, h('a', {href: 'forgot'}, 'Other ways'), ' · ', h('a', {href: 'signin'}, 'Back to sign in')));
  }

  async submitCode(event) {
    event.preventDefault();
    this.problem('');
    this.busy(true);
    const username = this.username.value.trim().toLowerCase();
    try {
      await api('POST', 'api/v1/recovery/code',
        {username, recoveryCode: this.code.value, newPassword: this.password.value});
    } catch (error) {
      this.busy(false);
      this.problem(error instanceof ApiError && error.is('forbidden')
        ? 'That did not work: check the username and the recovery code. A code works once, and only for an account with locked keys.'
        : explain(error));
      return;
    }
    await this.signInNow(username, this.password.value, this.device);
  }

  withFamily() {
    this.username = input('username', {autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false'});
    this.password = input('newPassword', {type: 'password', autocomplete: 'new-password', minlength: 10});
    this.card(
      h('h1', {}, 'Ask your family guardians'),
      h('p', {}, 'Choose your new password now. Your guardians then see your request, from this device, and approve '
        + 'or refuse it. Call them so they know it is you. Once enough of them approve, you finish here with the same new password.'),
      h('form', {onsubmit: event => this.ask(event)},
        field('Username', this.username),
        field('New password', this.password, 'At least 10 characters. Remember it: you need it again to finish.'),
        this.errorBox,
        h('button', {type: 'submit', class: 'primary'}, 'Ask my guardians')),
      h('p', {}, h('a', {href: 'forgot'}, 'Other ways'), ' · ', h('a', {href: 'signin'}, 'Back to sign in')));
  }

  async ask(event) {
    event.preventDefault();
    this.problem('');
    this.busy(true);
    const username = this.username.value.trim().toLowerCase();
    try {
      const answer = await api('POST', 'api/v1/recovery/requests', {username, newPassword: this.password.value});
      sessionStorage.setItem(PENDING, JSON.stringify({requestId: answer.requestId, requestSecret: answer.requestSecret,
        username, threshold: answer.threshold, expiresAt: answer.expiresAt}));
    } catch (error) {
      this.busy(false);
      this.problem(error instanceof ApiError && error.is('forbidden')
        ? 'Family recovery is not possible for this account. Check the username: it needs locked keys and guardians chosen beforehand.'
        : explain(error));
      return;
    }
    this.waiting();
  }

  /** The request's state, looked at again every few seconds while it is pending. */
  waiting() {
    const request = pending();
    this.state = h('div', {'aria-live': 'polite'}, h('p', {}, 'Looking at your request…'));
    this.card(
      h('h1', {}, 'Waiting for your guardians'),
      h('p', {}, `Asked for ${request.username}. Tell your guardians: they see your request when they open Famichat. `
        + 'You can leave this page open, or reload it in this tab.'),
      this.state,
      this.errorBox,
      h('p', {class: 'actions'}, h('button', {type: 'button', onclick: () => this.cancelRequest()}, 'Cancel the request')));
    this.look();
  }

  async look() {
    clearTimeout(this.timer);
    const request = pending();
    if (!request || !this.isConnected) return;
    let status;
    try {
      status = await api('GET', `api/v1/recovery/requests/${request.requestId}`, undefined,
        {'Recovery-Secret': request.requestSecret});
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        sessionStorage.removeItem(PENDING);
        render(this.state, h('p', {role: 'alert', class: 'error'}, 'This request is not known any more. You can ask again.'),
          h('p', {}, h('a', {href: 'forgot', class: 'button'}, 'Start again')));
        return;
      }
      showProblem(this.errorBox, error);
      this.timer = setTimeout(() => this.look(), POLL_MS);
      return;
    }
    showProblem(this.errorBox, null);
    if (!this.isConnected) return;
    if (status.status === 'pending') {
      render(this.state,
        h('p', {class: 'approvals', role: 'status'}, `${status.approvals} of ${status.threshold} approvals`,
          status.refusals ? `, ${status.refusals} refused` : ''),
        h('p', {class: 'hint'}, `The request expires ${dateTime(status.expiresAt)}.`));
      this.timer = setTimeout(() => this.look(), POLL_MS);
    } else if (status.status === 'approved') {
      this.approved(request);
    } else {
      sessionStorage.removeItem(PENDING);
      render(this.state, h('p', {role: 'alert', class: 'over', 'data-status': status.status}, OVER[status.status] ?? 'This request is over.'),
        h('p', {}, h('a', {href: 'forgot', class: 'button'}, 'Start again')));
    }
  }

  approved(request) {
    this.password = input('newPassword', {type: 'password', autocomplete: 'new-password'});
    this.device = deviceChoice(() => request.username);
    render(this.state,
      h('p', {class: 'approvals', role: 'status', 'data-status': 'approved'}, 'Approved: your guardians let you back in.'),
      h('form', {onsubmit: event => this.finish(event, request)},
        field('New password', this.password, 'The new password you chose when you asked.'),
        this.device.field,
        h('button', {type: 'submit', class: 'primary'}, 'Finish')));
  }

  async finish(event, request) {
    event.preventDefault();
    this.problem('');
    this.busy(true);
    try {
      await api('POST', `api/v1/recovery/requests/${request.requestId}/complete`,
        {requestSecret: request.requestSecret, newPassword: this.password.value});
    } catch (error) {
      this.busy(false);
      this.problem(error instanceof ApiError && error.is('forbidden')
        ? 'That is not the new password you chose when you asked. Type that one.' : explain(error));
      return;
    }
    sessionStorage.removeItem(PENDING);
    await this.signInNow(request.username, this.password.value, this.device);
  }

  /** The password is set: sign in with it (the app then shows the conversations), else say so and link sign-in. */
  async signInNow(username, password, device) {
    try {
      await signIn(username, password, device.input.value.trim());
    } catch (error) {
      this.card(h('h1', {}, 'Your new password is set'),
        h('p', {role: 'alert'}, error instanceof DeviceGone ? 'This browser\'s device was removed: sign in with your new password and give it a name.'
          : `Sign in with your new password. (${explain(error)})`),
        h('p', {}, h('a', {href: 'signin', class: 'button primary'}, 'Sign in')));
    }
  }

  /**
   * Cancels the request with its secret and forgets it in this tab. Only this tab holds the secret, without which
   * nobody can complete the request, so it must not stay on the guardians' lists until it expires.
   */
  async cancelRequest() {
    clearTimeout(this.timer);
    const request = pending();
    if (!request) return this.choose();
    let note = 'You cancelled the request: your guardians no longer see it.';
    try {
      await api('DELETE', `api/v1/recovery/requests/${request.requestId}`, undefined,
        {'Recovery-Secret': request.requestSecret});
    } catch (error) {
      if (!(error instanceof ApiError && (error.is('not-found') || error.is('request-closed')))) {
        showProblem(this.errorBox, error); // not cancelled (no connection, an outage): it stays, try again
        this.timer = setTimeout(() => this.look(), POLL_MS);
        return;
      }
      note = 'That request was already over.';
    }
    sessionStorage.removeItem(PENDING);
    this.choose(note);
  }
}

customElements.define('fc-forgot', Forgot);
