// The account: its keys (custody and recovery, views/custody.js), devices (and removing them), notifications,
// signing out here or everywhere; and the safety number with one person.
import {api, explain, ApiError} from '../api.js';
import {h, render} from '../dom.js';
import {qr} from '../qr.js';
import './custody.js';

class Settings extends HTMLElement {
  async connectedCallback() {
    this.errorBox = h('div');
    await this.refresh();
  }

  async refresh() {
    const store = this.app.store;
    try {
      await store.loadMe();
    } catch (error) {
      render(this, h('section', {class: 'card'}, h('h1', {}, 'Settings'), h('p', {role: 'alert', class: 'error'}, explain(error))));
      return;
    }
    const me = store.me;
    this.notifications = h('p', {role: 'status'});
    const custody = h('fc-custody');
    custody.app = this.app;
    render(this, h('section', {class: 'card'},
      h('h1', {}, 'Settings'),
      h('p', {}, `Signed in as ${me.user.displayName} (${me.user.username}).`),
      custody,
      this.errorBox,
      h('h2', {}, 'Your devices'),
      h('ul', {class: 'devices'}, me.devices.map(device => h('li', {'data-device-id': device.deviceId},
        h('span', {class: 'device-name'}, device.name, device.deviceId === me.currentDeviceId ? ' (this device)' : ''),
        h('span', {class: 'hint'}, `Last signed in ${new Date(device.lastSignedInAt ?? device.createdAt).toLocaleString()}`),
        device.deviceId === me.currentDeviceId ? null
          : h('button', {type: 'button', onclick: () => this.removeDevice(device)}, `Remove ${device.name}`)))),
      h('h2', {}, 'Notifications'),
      this.notifications,
      h('h2', {}, 'Signing out'),
      h('p', {class: 'actions'},
        h('button', {type: 'button', onclick: () => this.app.signOut(false)}, 'Sign out'),
        h('button', {type: 'button', class: 'danger', onclick: () => this.app.signOut(true)}, 'Sign out everywhere')),
      h('p', {class: 'hint'}, 'Sign out everywhere signs out every device of your account, this one included.')));
    this.showNotifications();
  }

  showNotifications() {
    if (!('Notification' in window)) {
      render(this.notifications, 'This browser cannot show notifications here (they need https).');
    } else if (Notification.permission === 'granted') {
      render(this.notifications, 'On: you are notified of messages in conversations that are not open.');
    } else if (Notification.permission === 'denied') {
      render(this.notifications, 'Blocked in this browser\'s site settings.');
    } else {
      render(this.notifications, h('button', {type: 'button', onclick: async () => {
        await Notification.requestPermission();
        this.showNotifications();
      }}, 'Turn on desktop notifications'));
    }
  }

  async removeDevice(device) {
    if (!confirm(`Remove ${device.name}? It is signed out and its keys are deleted.`)) return;
    try {
      await api('DELETE', `api/v1/me/devices/${device.deviceId}`);
      await this.refresh();
    } catch (error) {
      render(this.errorBox, h('p', {role: 'alert', class: 'error'}, explain(error)));
    }
  }
}

/** The safety number between the user and one person: digits, QR code, and what it means under the user's custody. */
class Safety extends HTMLElement {
  async connectedCallback() {
    const [userId] = this.params;
    render(this, h('section', {class: 'card'}, h('h1', {}, 'Safety number'), h('p', {}, 'Loading…')));
    let answer;
    let name = 'this person';
    try {
      answer = await api('GET', `api/v1/users/${userId}/safety-number`);
      for (const family of this.app.store.me.families) {
        const member = (await this.app.store.family(family.id)).members.find(m => m.userId === userId);
        if (member) {
          name = member.displayName;
          break;
        }
      }
    } catch (error) {
      render(this, h('section', {class: 'card'}, h('h1', {}, 'Safety number'), h('p', {role: 'alert', class: 'error'},
        error instanceof ApiError && error.status === 404 ? 'You share no family with this person.' : explain(error))));
      return;
    }
    const groups = answer.safetyNumber.split(' ');
    render(this, h('section', {class: 'card safety'},
      h('h1', {}, `Safety number with ${name}`),
      h('p', {class: 'digits', 'aria-label': `Safety number: ${answer.safetyNumber}`},
        groups.map(group => h('span', {}, group))),
      qr(answer.scannable, `QR code of your safety number with ${name}`),
      h('h2', {}, 'What it means'),
      h('p', {}, `Compare these 60 digits with the ones on ${name}'s screen, in person or on a call. They are the same on both screens. `
        + 'If they change later, one of you has a new key, for example on a new device.'),
      h('p', {}, this.app.store.me.custody === 'locked'
        ? 'Famichat keeps your keys on the server, locked under your password (locked custody): while you are signed in, the '
          + 'server unlocks them to encrypt and decrypt for you, and it computes this number itself. A match shows that neither '
          + 'key changed since you last compared. It cannot show that the server, or whoever runs it, is honest: while you are '
          + 'signed in, they can read your messages.'
        : 'Famichat keeps your keys on the server (server custody): the server encrypts and decrypts for you and computes this '
          + 'number itself. A match shows that neither key changed since you last compared. It cannot show that the server, '
          + 'or whoever runs it, is honest: they can read your messages.')));
  }
}

customElements.define('fc-settings', Settings);
customElements.define('fc-safety', Safety);
