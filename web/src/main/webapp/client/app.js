// The web client's entry point: the shell (header, conversation list, the current view), the router and the
// wiring between the socket, the outbox and the store. docs/architecture.md, "The web client", has the map.
import {root, api} from './api.js';
import {h, render, focusHeading} from './dom.js';
import {session} from './session.js';
import {Live} from './live.js';
import {Outbox} from './outbox.js';
import {Store} from './store.js';
import {pendingInvite} from './views/auth.js';
import './views/chats.js';
import {DRAFT} from './views/chat.js';
import './views/families.js';
import './views/settings.js';
import './views/guardians.js';
import './views/forgot.js';

/** Routes: a path relative to the application's root -> the view's element and its parameters. */
const ROUTES = [
  [/^$/, 'fc-home'],
  [/^signin$/, 'fc-signin', {public: true}],
  [/^signup$/, 'fc-signup', {public: true}],
  [/^forgot$/, 'fc-forgot', {public: true}],
  [/^invite\/([A-Za-z0-9_-]{1,64})$/, 'fc-invite', {public: true}],
  [/^c\/([0-9a-f-]{36})$/, 'fc-chat'],
  [/^new$/, 'fc-new-chat'],
  [/^families$/, 'fc-families'],
  [/^families\/([0-9a-f-]{36})$/, 'fc-family'],
  [/^settings$/, 'fc-settings'],
  [/^guardians$/, 'fc-guardians'],
  [/^guardian-requests$/, 'fc-guardian-requests'],
  [/^safety\/([0-9a-f-]{36})$/, 'fc-safety'],
];

class FamichatApp extends HTMLElement {
  connectedCallback() {
    this.newStore();
    this.live = new Live();
    this.live.addEventListener('state', () => this.showConnection());
    this.live.addEventListener('ready', () => this.caughtUp());
    this.live.addEventListener('message', event => this.store.received(event.detail));
    this.live.addEventListener('status', event => this.store.status(event.detail));
    this.live.addEventListener('revoked', () => session.ended());
    session.onChange(current => this.sessionChanged(current));
    window.addEventListener('popstate', () => this.route());
    document.addEventListener('click', event => this.followLink(event));
    document.addEventListener('visibilitychange', () => this.view?.visible?.());
    this.start();
  }

  /** Signed in: load, connect, show the route. Signed out: the public routes, or sign-in. */
  async start() {
    const current = session.current();
    this.signedInAs = current?.token ?? null;
    if (!current) {
      this.stopSession();
      this.route();
      performance.mark('famichat-interactive');
      return;
    }
    this.outbox = new Outbox(current.user.id, current.deviceId);
    this.outbox.addEventListener('sent', event => {
      const {pending, answer} = event.detail;
      this.store.sent(pending.conversationId, pending.body, answer);
    });
    this.shell();
    try {
      await this.store.load();
      this.justLoaded = true;
    } catch {
      // no connection at start: the socket's reconnects load again once it is back
    }
    this.live.start();
    this.outbox.flush();
    this.route();
    performance.mark('famichat-interactive');
  }

  stopSession() {
    this.live.stop();
    this.newStore();
    this.outbox = null;
    this.sidebar = null;
    this.notices = null;
  }

  newStore() {
    this.store = new Store();
    this.store.addEventListener('conversations', () => this.showUnread());
    this.store.addEventListener('incoming', event => this.notify(event.detail));
  }

  sessionChanged(current) {
    if ((current?.token ?? null) === this.signedInAs) return;
    this.live.stop();
    if (!current) {
      this.stopSession();
      this.navigate('signin', {replace: true});
      return;
    }
    this.newStore();
    this.start();
  }

  /**
   * After (re)connecting: catch up on what was missed while away; then send what waits. The first connect after
   * start() needs no catching up: start() has just loaded, and the open view loads itself.
   */
  async caughtUp() {
    const justLoaded = this.justLoaded;
    this.justLoaded = false;
    try {
      if (!justLoaded) {
        await this.store.load();
        if (this.view?.conversationId) await this.store.loadLatest(this.view.conversationId);
      }
    } catch {
      // the next reconnect tries again
    }
    this.outbox?.flushNow();
  }

  shell() {
    this.connection = h('p', {class: 'connection', role: 'status', 'aria-live': 'polite'});
    this.sidebar = h('fc-chats');
    this.sidebar.app = this;
    this.main = h('main', {id: 'main'});
    this.notices = h('fc-recovery-notices', {class: 'notices'});
    this.notices.app = this;
    render(this,
      h('a', {class: 'skip', href: '#main'}, 'Skip to content'),
      h('header', {class: 'top'},
        h('a', {href: './', class: 'brand', 'aria-label': 'Famichat: conversations'}, 'Famichat'),
        this.connection,
        h('nav', {'aria-label': 'Main'},
          h('a', {href: 'new'}, 'New conversation'),
          h('a', {href: 'families'}, 'Families'),
          h('a', {href: 'settings'}, 'Settings'))),
      this.notices,
      h('div', {class: 'panes'}, h('aside', {class: 'list-pane', 'aria-label': 'Conversations'}, this.sidebar), this.main));
    this.showConnection();
  }

  showConnection() {
    if (!this.connection) return;
    const text = {online: 'Connected', connecting: 'Connecting…', offline: 'Offline'}[this.live.state];
    this.connection.textContent = text;
    this.connection.dataset.state = this.live.state;
  }

  showUnread() {
    const unread = this.store.unreadTotal();
    document.title = unread > 0 ? `(${unread}) Famichat` : 'Famichat';
  }

  /** A desktop notification for a message in a conversation that is not on screen, once the user allowed them. */
  notify(message) {
    const onScreen = this.view?.conversationId === message.conversationId && document.visibilityState === 'visible';
    if (onScreen || !('Notification' in window) || Notification.permission !== 'granted') return;
    const conversation = this.store.conversations.get(message.conversationId);
    const sender = this.store.senderName(message.conversationId, message.senderId);
    const notification = new Notification(conversation?.type === 'direct' ? sender : `${sender} · ${this.store.title(conversation)}`,
      {body: message.body, tag: message.conversationId, icon: new URL('client/icon.svg', root).href});
    notification.onclick = () => {
      window.focus();
      this.navigate(`c/${message.conversationId}`);
    };
  }

  /** Path of the current page relative to the application's root. */
  path() {
    const here = decodeURIComponent(location.pathname);
    const base = decodeURIComponent(root.pathname);
    return here.startsWith(base) ? here.slice(base.length) : '';
  }

  navigate(path, {replace = false} = {}) {
    const url = new URL(path, root);
    if (replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    this.route();
  }

  /** Same-origin links inside the application are routed here instead of loading the page again. */
  followLink(event) {
    const link = event.target.closest?.('a[href]');
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey
        || link.target || link.hasAttribute('download')) return;
    const url = new URL(link.href);
    if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname) || url.hash) return;
    event.preventDefault();
    this.navigate(url.pathname.slice(root.pathname.length) + url.search);
  }

  route() {
    const path = this.path();
    let match = null;
    let entry = null;
    for (const candidate of ROUTES) {
      match = candidate[0].exec(path);
      if (match) {
        entry = candidate;
        break;
      }
    }
    const signedIn = session.current() !== null;
    if (!entry) {
      this.navigate(signedIn ? '' : 'signin', {replace: true});
      return;
    }
    const [, tag, options = {}] = entry;
    if (!signedIn && !options.public) {
      this.navigate('signin', {replace: true});
      return;
    }
    if (signedIn && (tag === 'fc-signin' || tag === 'fc-signup' || tag === 'fc-forgot')) {
      this.navigate(pendingInvite() ? `invite/${pendingInvite()}` : '', {replace: true});
      return;
    }
    const view = document.createElement(tag);
    view.app = this;
    view.params = match.slice(1);
    this.view = view;
    if (signedIn) {
      if (!this.main) this.shell();
      this.dataset.route = tag;
      render(this.main, view);
    } else {
      this.main = null;
      this.dataset.route = tag;
      render(this, h('main', {id: 'main', class: 'public'}, view));
    }
    this.sidebar?.update?.();
    focusHeading(view);
  }

  /**
   * Signs out here: revokes this device's token on the server, then forgets it, with the account's unsent
   * messages and drafts in this browser (docs/security.md, "The web client").
   */
  async signOut(everywhere = false) {
    const unsent = this.outbox?.all().length ?? 0;
    if (unsent > 0 && !confirm(`${unsent} message(s) are not sent yet and will be deleted from this browser. Sign out anyway?`)) return;
    this.outbox?.clear();
    const drafts = `${DRAFT}${session.current()?.user.id}.`;
    Object.keys(localStorage).filter(key => key.startsWith(drafts)).forEach(key => localStorage.removeItem(key));
    try {
      await api('DELETE', everywhere ? 'api/v1/sessions' : 'api/v1/sessions/current');
    } finally {
      session.ended();
    }
  }
}

customElements.define('fc-app', FamichatApp);
