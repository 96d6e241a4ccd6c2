// Signing up, signing in (naming this browser as a device the first time) and accepting an invite link.
import {api, explain, ApiError} from '../api.js';
import {h, render, field} from '../dom.js';
import {session} from '../session.js';

const PENDING_INVITE = 'famichat.invite';

/** An invite opened while signed out waits here (this tab only) until the user has signed in or up. */
export function pendingInvite() {
  return sessionStorage.getItem(PENDING_INVITE);
}

function guessDeviceName() {
  const agent = navigator.userAgent;
  const browser = /Firefox\//.test(agent) ? 'Firefox' : /Edg\//.test(agent) ? 'Edge' : /Chrom/.test(agent) ? 'Chrome'
    : /Safari\//.test(agent) ? 'Safari' : 'Browser';
  const system = /Android/.test(agent) ? 'Android' : /iPhone|iPad/.test(agent) ? 'iOS' : /Mac OS/.test(agent) ? 'Mac'
    : /Windows/.test(agent) ? 'Windows' : /Linux/.test(agent) ? 'Linux' : '';
  return system ? `${browser} on ${system}` : browser;
}

export function input(name, props = {}) {
  return h('input', {name, required: true, ...props});
}

/** Signs in with this browser's device for the username, or creates one named deviceName. */
export async function signIn(username, password, deviceName) {
  const known = session.device(username);
  const request = known ? {username, password, deviceId: known.deviceId, deviceCredential: known.credential}
    : {username, password, deviceName};
  try {
    session.signedIn(await api('POST', 'api/v1/sessions', request));
  } catch (error) {
    if (known && error instanceof ApiError && error.is('validation')) {
      // This browser's device is gone (removed, or expired): it needs a new one, with a name.
      session.forgetDevice(username);
      throw new DeviceGone();
    }
    throw error;
  }
}

export class DeviceGone extends Error {
}

/**
 * The "Device name" field of a sign-in: shown only when this browser has no device of the username yet.
 * username() says whose; call update() when it may have changed.
 */
export function deviceChoice(username) {
  const deviceName = input('deviceName', {value: guessDeviceName(), maxlength: 64});
  const wrapper = field('Device name', deviceName, 'How this browser appears in your list of devices, e.g. "Oma\'s laptop".');
  const update = () => {
    const known = session.device(username()) !== null;
    wrapper.hidden = known;
    deviceName.required = !known;
  };
  update();
  return {field: wrapper, input: deviceName, update};
}

export class AuthForm extends HTMLElement {
  problem(text) {
    render(this.errorBox, text ? h('p', {role: 'alert', class: 'error'}, text) : null);
  }

  busy(on) {
    this.querySelectorAll('button, input').forEach(control => control.disabled = on);
  }
}

class SignIn extends AuthForm {
  connectedCallback() {
    this.username = input('username', {autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false'});
    this.password = input('password', {type: 'password', autocomplete: 'current-password'});
    this.device = deviceChoice(() => this.username.value);
    this.username.addEventListener('input', () => this.device.update());
    this.errorBox = h('div');
    render(this, h('section', {class: 'card auth'},
      h('h1', {}, 'Sign in to Famichat'),
      pendingInvite() ? h('p', {}, 'Sign in to accept your family invite.') : null,
      h('form', {onsubmit: event => this.submit(event)},
        field('Username', this.username),
        field('Password', this.password),
        this.device.field,
        this.errorBox,
        h('button', {type: 'submit', class: 'primary'}, 'Sign in')),
      h('p', {}, h('a', {href: 'forgot'}, 'Forgot your password?')),
      h('p', {}, 'New here? ', h('a', {href: 'signup'}, 'Create an account'))));
  }

  async submit(event) {
    event.preventDefault();
    this.problem('');
    this.busy(true);
    try {
      await signIn(this.username.value.trim(), this.password.value, this.device.input.value.trim());
    } catch (error) {
      this.busy(false);
      if (error instanceof DeviceGone) {
        this.device.update();
        this.problem('This browser\'s device was removed. Give it a name to add it again, then sign in.');
      } else if (error instanceof ApiError && error.status === 401) {
        this.problem('Wrong username or password.');
      } else if (error instanceof ApiError && error.is('conflict')) {
        this.problem('Your account already has the most devices allowed. Remove one in Settings on another device first.');
      } else {
        this.problem(explain(error));
      }
    }
  }
}

class SignUp extends AuthForm {
  connectedCallback() {
    this.displayName = input('displayName', {autocomplete: 'name', maxlength: 64});
    this.username = input('username', {autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', maxlength: 32});
    this.password = input('password', {type: 'password', autocomplete: 'new-password', minlength: 10});
    this.deviceName = input('deviceName', {value: guessDeviceName(), maxlength: 64});
    this.errorBox = h('div');
    render(this, h('section', {class: 'card auth'},
      h('h1', {}, 'Create your Famichat account'),
      h('form', {onsubmit: event => this.submit(event)},
        field('Your name', this.displayName, 'What your family sees, e.g. "Oma".'),
        field('Username', this.username, '3-32 characters: lower-case letters, digits, dots, dashes, underscores.'),
        field('Password', this.password, 'At least 10 characters.'),
        field('Device name', this.deviceName, 'How this browser appears in your list of devices.'),
        this.errorBox,
        h('button', {type: 'submit', class: 'primary'}, 'Create account')),
      h('p', {}, 'Already have an account? ', h('a', {href: 'signin'}, 'Sign in'))));
  }

  async submit(event) {
    event.preventDefault();
    this.problem('');
    this.busy(true);
    const username = this.username.value.trim().toLowerCase();
    try {
      await api('POST', 'api/v1/accounts', {username, password: this.password.value, displayName: this.displayName.value.trim()});
      session.forgetDevice(username); // a device of an earlier account with this name is not this account's
      await signIn(username, this.password.value, this.deviceName.value.trim());
    } catch (error) {
      this.busy(false);
      if (error instanceof ApiError && error.is('conflict')) this.problem('That username is taken. Choose another one.');
      else this.problem(explain(error));
    }
  }
}

/** /invite/{code}: join the family, signed in, or after signing in or up. */
class Invite extends HTMLElement {
  connectedCallback() {
    const [code] = this.params;
    if (!session.current()) {
      sessionStorage.setItem(PENDING_INVITE, code);
      render(this, h('section', {class: 'card auth'},
        h('h1', {}, 'You are invited to a family on Famichat'),
        h('p', {}, 'Famichat is a private messenger for families. Sign in, or create an account, to join.'),
        h('p', {class: 'actions'}, h('a', {href: 'signup', class: 'button primary'}, 'Create an account'),
          h('a', {href: 'signin', class: 'button'}, 'Sign in'))));
      return;
    }
    this.errorBox = h('div');
    this.join = h('button', {class: 'primary', onclick: () => this.accept(code)}, 'Join the family');
    render(this, h('section', {class: 'card'},
      h('h1', {}, 'Join a family'),
      h('p', {}, 'Someone invited you to their family on Famichat. Once you join, you can write to everyone in it.'),
      this.errorBox,
      h('p', {class: 'actions'}, this.join, h('a', {href: './', class: 'button'}, 'Not now'))));
  }

  async accept(code) {
    this.join.disabled = true;
    try {
      const family = await api('POST', 'api/v1/invites/accept', {code});
      sessionStorage.removeItem(PENDING_INVITE);
      await this.app.store.load();
      // Not kept in the history: the code is spent.
      this.app.navigate(`families/${family.id}`, {replace: true});
    } catch (error) {
      sessionStorage.removeItem(PENDING_INVITE);
      this.join.disabled = false;
      const text = error instanceof ApiError && error.is('gone') ? 'This invite was used already or has expired. Ask for a new link.'
        : error instanceof ApiError && error.status === 404 ? 'This invite link is not valid. Check that you copied all of it.'
          : error instanceof ApiError && error.is('conflict') ? 'You are already in this family, or it is full.'
            : explain(error);
      render(this.errorBox, h('p', {role: 'alert', class: 'error'}, text));
    }
  }
}

customElements.define('fc-signin', SignIn);
customElements.define('fc-signup', SignUp);
customElements.define('fc-invite', Invite);
