// One conversation: its history (older pages load as the user scrolls up), live messages, this device's messages
// still on their way (outbox.js), and the composer (Enter sends, Shift+Enter starts a new line).
import {explain} from '../api.js';
import {h, render} from '../dom.js';
import {day, dayKey, time} from '../format.js';
import {session} from '../session.js';

const MAX_CHARS = 4096;           // famichat.message.max-body-chars, the server's default
const NEAR_EDGE_PX = 120;
const STATUS_TEXT = {sent: 'Sent', delivered: 'Delivered', read: 'Read', failed: 'Not delivered to everyone'};
export const DRAFT = 'famichat.draft.'; // + userId + '.' + conversationId

class Chat extends HTMLElement {
  get conversationId() {
    return this.params[0];
  }

  connectedCallback() {
    const store = this.app.store;
    this.items = new Map();
    this.listeners = [
      [store, 'messages', event => event.detail === this.conversationId && this.draw()],
      [store, 'conversations', () => this.heading()],
      [this.app.outbox, 'change', () => this.draw()],
    ];
    this.listeners.forEach(([target, name, fn]) => target.addEventListener(name, fn));

    this.heading1 = h('h1', {});
    this.subtitle = h('p', {class: 'subtitle'});
    this.top = h('li', {class: 'top-of-history', 'aria-hidden': 'true'});
    this.list = h('ol', {class: 'messages', role: 'log', 'aria-label': 'Messages', 'aria-live': 'polite'});
    this.scroller = h('div', {class: 'scroller', onscroll: () => this.scrolled()}, this.list);
    this.notice = h('p', {class: 'notice', role: 'status'});
    this.text = h('textarea', {name: 'message', rows: 1, maxlength: MAX_CHARS * 2, 'aria-label': 'Message',
      placeholder: 'Write a message', onkeydown: event => this.key(event), oninput: () => this.typed()});
    this.draftKey = `${DRAFT}${session.current()?.user.id}.${this.conversationId}`;
    this.text.value = localStorage.getItem(this.draftKey) ?? '';
    this.composerError = h('p', {class: 'error', role: 'alert'});
    render(this, h('section', {class: 'chat-view'},
      h('header', {class: 'chat-head'}, h('a', {href: './', class: 'back', 'aria-label': 'Back to conversations'}, '←'),
        h('div', {}, this.heading1, this.subtitle)),
      this.scroller,
      this.notice,
      h('form', {class: 'composer', onsubmit: event => this.submit(event)},
        this.composerError, this.text, h('button', {type: 'submit', class: 'primary'}, 'Send'))));
    this.heading();
    this.load();
  }

  disconnectedCallback() {
    this.listeners.forEach(([target, name, fn]) => target.removeEventListener(name, fn));
  }

  heading() {
    const store = this.app.store;
    const conversation = store.conversations.get(this.conversationId);
    this.heading1.textContent = store.title(conversation);
    if (!conversation) return;
    const others = conversation.members.filter(member => member.userId !== store.userId);
    const parts = [];
    if (conversation.type === 'group' || conversation.type === 'family') {
      parts.push(others.map(member => member.displayName).join(', ') || 'Only you');
    }
    if (conversation.type === 'direct' && others[0]) {
      parts.push(h('a', {href: `safety/${others[0].userId}`}, 'Safety number'));
    }
    if (conversation.type === 'self') parts.push('Only you can read these notes.');
    render(this.subtitle, parts);
  }

  async load() {
    try {
      await this.app.store.refreshConversation(this.conversationId);
      await this.app.store.loadLatest(this.conversationId);
      this.scroller.scrollTop = this.scroller.scrollHeight;
      this.visible();
    } catch (error) {
      render(this.list, h('li', {class: 'error', role: 'alert'}, error.status === 404 ? 'This conversation does not exist, or you are not in it.' : explain(error)));
    }
  }

  /** Draws the messages, reusing each message's element (its status mark changes in place). */
  draw() {
    const store = this.app.store;
    const conversation = store.conversations.get(this.conversationId);
    const thread = store.thread(this.conversationId);
    const atBottom = this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight < NEAR_EDGE_PX;
    const fromBottom = this.scroller.scrollHeight - this.scroller.scrollTop;
    const firstBefore = this.list.querySelector('.msg')?.dataset.messageId;

    this.top.textContent = thread.moreBefore ? 'Loading older messages…' : 'This is the beginning of the conversation.';
    this.top.setAttribute('aria-hidden', thread.moreBefore ? 'true' : 'false');
    const children = [this.top];
    let lastDay = null;
    const showNames = conversation && (conversation.type === 'group' || conversation.type === 'family');
    const showStatus = conversation?.type !== 'self'; // notes to self go to no one: no delivered or read
    for (const message of store.ordered(this.conversationId)) {
      const key = dayKey(message.sentAt);
      if (key !== lastDay) {
        children.push(h('li', {class: 'day', role: 'separator'}, day(message.sentAt)));
        lastDay = key;
      }
      children.push(this.item(message, showNames, showStatus));
    }
    for (const pending of this.app.outbox.of(this.conversationId)) children.push(this.pendingItem(pending));
    this.list.replaceChildren(...children);
    render(this.notice, this.app.outbox.notice);

    const firstAfter = this.list.querySelector('.msg')?.dataset.messageId;
    if (firstBefore && firstAfter !== firstBefore) {
      this.scroller.scrollTop = this.scroller.scrollHeight - fromBottom; // older messages above: stay in place
    } else if (atBottom) {
      this.scroller.scrollTop = this.scroller.scrollHeight;
    }
    if (thread.moreBefore && this.scroller.scrollHeight <= this.scroller.clientHeight + NEAR_EDGE_PX) {
      setTimeout(() => this.scrolled()); // the screen is not full yet: nothing to scroll, so load on
    }
    this.visible();
  }

  item(message, showNames, showStatus) {
    const own = message.senderId === this.app.store.userId;
    let element = this.items.get(message.messageId);
    if (!element) {
      element = h('li', {class: own ? 'msg own' : 'msg', 'data-message-id': message.messageId, 'data-seq': message.seq},
        showNames && !own ? h('span', {class: 'sender'}, this.app.store.senderName(this.conversationId, message.senderId)) : null,
        // Text, never markup: a message that looks like HTML shows as those characters (dom.js).
        h('p', {class: message.undecryptable ? 'body undecryptable' : 'body'}, message.body),
        h('span', {class: 'meta'}, h('time', {datetime: message.sentAt}, time(message.sentAt)),
          own && showStatus ? h('span', {class: 'status'}) : null));
      this.items.set(message.messageId, element);
    }
    const status = element.querySelector('.status');
    if (status && status.dataset.status !== message.status) {
      status.dataset.status = message.status ?? 'sent';
      status.textContent = STATUS_TEXT[message.status] ?? 'Sent';
    }
    return element;
  }

  pendingItem(pending) {
    return h('li', {class: 'msg own pending', 'data-client-message-id': pending.clientMessageId},
      h('p', {class: 'body'}, pending.body),
      h('span', {class: 'meta'}, pending.error
        ? [h('span', {class: 'error', role: 'alert'}, `Not sent: ${pending.error}`),
          h('button', {type: 'button', onclick: () => this.app.outbox.retry(pending.clientMessageId)}, 'Try again'),
          h('button', {type: 'button', onclick: () => this.edit(pending)}, 'Edit'),
          h('button', {type: 'button', onclick: () => this.app.outbox.discard(pending.clientMessageId)}, 'Delete')]
        : h('span', {class: 'status', 'data-status': 'pending'}, 'Sending…')));
  }

  edit(pending) {
    this.text.value = pending.body + (this.text.value ? '\n' + this.text.value : '');
    this.app.outbox.discard(pending.clientMessageId);
    this.typed();
    this.text.focus();
  }

  key(event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.submit(event);
    }
  }

  typed() {
    if (this.text.value) localStorage.setItem(this.draftKey, this.text.value);
    else localStorage.removeItem(this.draftKey);
    this.text.style.height = 'auto';
    this.text.style.height = Math.min(this.text.scrollHeight, 200) + 'px';
    this.text.style.overflowY = this.text.scrollHeight > 200 ? 'auto' : 'hidden'; // a scroll bar only when it stops growing
  }

  submit(event) {
    event.preventDefault();
    const body = this.text.value;
    if (!body.trim()) return;
    if ([...body].length > MAX_CHARS) {
      this.composerError.textContent = `A message can be at most ${MAX_CHARS.toLocaleString()} characters; this one has ${[...body].length.toLocaleString()}.`;
      return;
    }
    this.composerError.textContent = '';
    this.app.outbox.add(this.conversationId, body);
    this.text.value = '';
    this.typed();
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  async scrolled() {
    if (this.scroller.scrollTop < NEAR_EDGE_PX) {
      try {
        await this.app.store.loadOlder(this.conversationId);
      } catch {
        // shown as "Loading older messages…" still; the next scroll tries again
      }
    }
    this.visible();
  }

  /** The conversation is on screen and scrolled to its end: what it shows is read. */
  visible() {
    if (document.visibilityState !== 'visible' || !this.isConnected) return;
    const atBottom = this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight < NEAR_EDGE_PX;
    if (!atBottom) return;
    clearTimeout(this.readTimer);
    this.readTimer = setTimeout(() => this.app.store.markRead(this.conversationId).catch(() => {}), 300);
  }
}

customElements.define('fc-chat', Chat);
