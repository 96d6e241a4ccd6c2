// Messages typed but not yet accepted by the server. Kept in localStorage until the server answers 202, so a
// reload, a lost connection or a crash of the tab loses nothing; each is sent (and sent again) with the same
// clientMessageId, which the server uses to store it once however often it arrives (docs/api.md, "Idempotent
// sends"). Sent in the order typed, one at a time.
// Events: 'change' (the pending list changed), 'sent' (detail: {pending, answer}).
import {api, ApiError, explain} from './api.js';

const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30_000;

/** 128 random bits; crypto.randomUUID would need a secure context, and a home server may be reached over plain http. */
function newClientMessageId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return 'web-' + Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

export class Outbox extends EventTarget {
  constructor(userId, deviceId) {
    super();
    this.key = `famichat.outbox.${userId}.${deviceId}`;
    this.flushing = false;
    this.attempt = 0;
    this.timer = null;
    this.notice = '';
  }

  /** [{clientMessageId, conversationId, body, createdAt, error}] oldest first */
  all() {
    try {
      return JSON.parse(localStorage.getItem(this.key)) ?? [];
    } catch {
      return [];
    }
  }

  of(conversationId) {
    return this.all().filter(item => item.conversationId === conversationId);
  }

  add(conversationId, body) {
    const item = {clientMessageId: newClientMessageId(), conversationId, body, createdAt: new Date().toISOString(), error: null};
    this.save([...this.all(), item]);
    this.flush();
    return item;
  }

  /** The user gives up on a message the server refused (it stays until then, text and all). */
  discard(clientMessageId) {
    this.save(this.all().filter(item => item.clientMessageId !== clientMessageId));
  }

  /** Tries a refused message again (e.g. after the conversation was fixed, or the limit passed). */
  retry(clientMessageId) {
    this.save(this.all().map(item => item.clientMessageId === clientMessageId ? {...item, error: null} : item));
    this.flushNow();
  }

  /** Signing out: what was typed on this account is not left behind in the browser. */
  clear() {
    clearTimeout(this.timer);
    localStorage.removeItem(this.key);
  }

  save(items) {
    localStorage.setItem(this.key, JSON.stringify(items));
    this.dispatchEvent(new CustomEvent('change'));
  }

  flushNow() {
    this.attempt = 0;
    clearTimeout(this.timer);
    this.flush();
  }

  async flush() {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        let answer;
        try {
          answer = await api('POST', `api/v1/conversations/${item.conversationId}/messages`,
            {clientMessageId: item.clientMessageId, body: item.body});
        } catch (error) {
          if (this.keepsTrying(error)) {
            this.later(error);
            return;
          }
          this.refused(item, error);
          continue;
        }
        this.attempt = 0;
        this.setNotice('');
        this.save(this.all().filter(pending => pending.clientMessageId !== item.clientMessageId));
        this.dispatchEvent(new CustomEvent('sent', {detail: {pending: item, answer}}));
      }
    } finally {
      this.flushing = false;
    }
  }

  next() {
    return this.all().find(item => !item.error);
  }

  /** No connection, the server busy or restarting, or a rate limit: the message waits and is tried again. */
  keepsTrying(error) {
    return error instanceof ApiError && (error.status === 0 || error.status >= 500 || error.status === 429 || error.status === 401);
  }

  later(error) {
    if (error.status === 401) return; // signed out: nothing to send with
    let delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** this.attempt++);
    if (error.status === 429) {
      delay = Math.max(delay, (error.retryAfter || 10) * 1000);
      this.setNotice(`You are sending faster than the server allows. Your message waits and goes out in about ${Math.ceil(delay / 1000)} seconds.`);
    } else {
      this.setNotice(error.status === 0 ? 'Not connected: your messages wait here and are sent when the connection is back.'
        : explain(error));
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), delay);
  }

  refused(item, error) {
    const message = error.status === 404 ? 'You are no longer in this conversation.' : explain(error);
    this.save(this.all().map(pending => pending.clientMessageId === item.clientMessageId ? {...pending, error: message} : pending));
  }

  setNotice(text) {
    if (this.notice === text) return;
    this.notice = text;
    this.dispatchEvent(new CustomEvent('change'));
  }
}
