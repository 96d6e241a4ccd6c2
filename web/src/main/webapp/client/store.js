// What the page knows, in memory only: who is signed in, their families and conversations, and the messages of
// the conversations opened so far. Filled from the REST API and kept current by the socket's frames.
// Events: 'me', 'conversations', 'messages' (detail: conversationId), 'incoming' (detail: message from someone else).
import {api} from './api.js';

const RANK = {sent: 0, delivered: 1, read: 2, failed: 3}; // failed is final: a device will never get it
const PAGE = 50;

export class Store extends EventTarget {
  constructor() {
    super();
    this.me = null;
    this.families = new Map();
    this.conversations = new Map();
    this.messages = new Map();
    this.earlyStatus = new Map();
  }

  get userId() {
    return this.me?.user.id;
  }

  async load() {
    await this.loadMe();
    await this.loadConversations();
    await this.ensureFamilyConversations();
  }

  async loadMe() {
    this.me = await api('GET', 'api/v1/me');
    this.emit('me');
  }

  async loadConversations() {
    const answer = await api('GET', 'api/v1/conversations');
    const fresh = new Map(answer.conversations.map(conversation => [conversation.id, conversation]));
    this.conversations = fresh;
    this.emit('conversations');
  }

  /** One conversation's view again (its members change), keeping what the list knows of it. */
  async refreshConversation(id) {
    const fresh = await api('GET', `api/v1/conversations/${id}`);
    const known = this.conversations.get(id);
    this.conversations.set(id, known ? {...known, ...fresh} : fresh);
    this.emit('conversations');
  }

  /** Every family has its conversation: the first member to open the client after a family is made creates it. */
  async ensureFamilyConversations() {
    const have = new Set([...this.conversations.values()].map(conversation => conversation.familyId).filter(Boolean));
    const missing = (this.me?.families ?? []).filter(family => !have.has(family.id));
    for (const family of missing) {
      await api('POST', 'api/v1/conversations', {type: 'family', familyId: family.id});
    }
    if (missing.length) await this.loadConversations();
  }

  async family(id) {
    const family = await api('GET', `api/v1/families/${id}`);
    this.families.set(id, family);
    return family;
  }

  /** Conversations, the one with the newest message first. */
  sortedConversations() {
    const time = conversation => Date.parse(conversation.lastMessage?.sentAt ?? conversation.createdAt);
    return [...this.conversations.values()].sort((a, b) => time(b) - time(a));
  }

  title(conversation) {
    if (!conversation) return 'Conversation';
    switch (conversation.type) {
      case 'self':
        return 'Note to self';
      case 'family': {
        const family = this.me?.families.find(f => f.id === conversation.familyId);
        return family ? `${family.name} (family)` : 'Family';
      }
      case 'direct': {
        const other = conversation.members.find(member => member.userId !== this.userId);
        return other ? other.displayName : 'Direct conversation';
      }
      default:
        return conversation.title ?? 'Group';
    }
  }

  senderName(conversationId, userId) {
    if (userId === this.userId) return 'You';
    const member = this.conversations.get(conversationId)?.members.find(m => m.userId === userId);
    return member ? member.displayName : 'Former member';
  }

  unreadTotal() {
    let total = 0;
    for (const conversation of this.conversations.values()) total += conversation.unreadCount ?? 0;
    return total;
  }

  // --- messages ---------------------------------------------------------------------------------------------

  thread(conversationId) {
    let thread = this.messages.get(conversationId);
    if (!thread) {
      thread = {byId: new Map(), loaded: false, moreBefore: true, loading: false};
      this.messages.set(conversationId, thread);
    }
    return thread;
  }

  /** The conversation's messages in order (by seq). */
  ordered(conversationId) {
    return [...this.thread(conversationId).byId.values()].sort((a, b) => a.seq - b.seq);
  }

  /**
   * Opening a conversation (again), or coming back online with it open: the first time its newest page; later
   * whatever came after the newest message held, then the newest page again for the statuses of one's own
   * messages (history is the truth; status frames can be lost).
   */
  async loadLatest(conversationId) {
    const thread = this.thread(conversationId);
    if (thread.loaded) {
      await this.catchUp(conversationId); // first, so the newest page below joins what is held without a hole
      await this.newestPage(conversationId);
      return;
    }
    const page = await this.newestPage(conversationId);
    thread.moreBefore = page.more;
    thread.loaded = true;
    this.emit('messages', conversationId);
  }

  async newestPage(conversationId) {
    const page = await api('GET', `api/v1/conversations/${conversationId}/messages?limit=${PAGE}`);
    this.readSeqSeen(conversationId, page.readSeq);
    this.merge(conversationId, page.messages);
    return page;
  }

  /** Older messages, for scrolling up; false when the first message is already here. */
  async loadOlder(conversationId) {
    const thread = this.thread(conversationId);
    if (!thread.loaded || !thread.moreBefore || thread.loading) return false; // the first page decides if there is more
    const oldest = this.ordered(conversationId)[0];
    if (!oldest) return false;
    thread.loading = true;
    try {
      const page = await api('GET', `api/v1/conversations/${conversationId}/messages?before=${oldest.seq}&limit=${PAGE}`);
      thread.moreBefore = page.more;
      this.merge(conversationId, page.messages);
      return page.messages.length > 0;
    } finally {
      thread.loading = false;
    }
  }

  /** Everything after the newest message held: after a reconnect, whatever was missed. */
  async catchUp(conversationId) {
    if (!this.thread(conversationId).loaded) return; // its first page is still on its way, and is newest
    for (;;) {
      const newest = this.ordered(conversationId).at(-1);
      const after = newest ? newest.seq : 0;
      const page = await api('GET', `api/v1/conversations/${conversationId}/messages?after=${after}&limit=200`);
      this.merge(conversationId, page.messages);
      if (!page.more || page.messages.length === 0) return;
    }
  }

  /** Adds messages, dropping repeats by messageId; a status only moves forward. */
  merge(conversationId, messages) {
    const thread = this.thread(conversationId);
    for (const message of messages) {
      const known = thread.byId.get(message.messageId);
      const status = strongest(known?.status, message.status, this.earlyStatus.get(message.messageId));
      this.earlyStatus.delete(message.messageId);
      thread.byId.set(message.messageId, {...known, ...message, status});
    }
    this.summarise(conversationId);
    this.emit('messages', conversationId);
  }

  /** A message pushed on the socket. */
  received(frame) {
    const conversation = this.conversations.get(frame.conversationId);
    if (!conversation) {
      // A conversation someone else just started: the list, loaded again, counts this message as unread.
      this.loadConversations().then(() => this.dispatchEvent(new CustomEvent('incoming', {detail: frame}))).catch(() => {});
      return;
    }
    if (!conversation.members.some(member => member.userId === frame.senderId)) {
      this.refreshConversation(frame.conversationId).catch(() => {}); // someone joined since the list was loaded
    }
    const thread = this.thread(frame.conversationId);
    const repeat = thread.byId.has(frame.messageId);
    const own = frame.senderId === this.userId;
    this.merge(frame.conversationId, [{...frame, status: own ? 'sent' : undefined}]);
    if (!repeat && !own && frame.seq > (conversation.readSeq ?? 0)) {
      conversation.unreadCount = (conversation.unreadCount ?? 0) + 1;
      this.emit('conversations');
      this.dispatchEvent(new CustomEvent('incoming', {detail: frame}));
    }
  }

  /** The server accepted one of this device's messages. */
  sent(conversationId, body, answer) {
    this.merge(conversationId, [{messageId: answer.messageId, conversationId, seq: answer.seq, sentAt: answer.sentAt,
      senderId: this.userId, body, undecryptable: false, status: 'sent'}]);
  }

  /** A status frame: one of the user's messages was delivered, read, or failed. */
  status(frame) {
    const message = this.messages.get(frame.conversationId)?.byId.get(frame.messageId);
    if (!message) {
      this.earlyStatus.set(frame.messageId, strongest(this.earlyStatus.get(frame.messageId), frame.status));
      return;
    }
    const status = strongest(message.status, frame.status);
    if (status !== message.status) {
      message.status = status;
      this.emit('messages', frame.conversationId);
    }
  }

  /** Moves the read cursor to the newest message held (the conversation is open and visible). */
  async markRead(conversationId) {
    const conversation = this.conversations.get(conversationId);
    const newest = this.ordered(conversationId).at(-1);
    if (!conversation || !newest) return;
    const unread = conversation.unreadCount ?? 0;
    if (newest.seq <= (conversation.readSeq ?? 0) && unread === 0) return;
    conversation.readSeq = Math.max(conversation.readSeq ?? 0, newest.seq);
    conversation.unreadCount = 0;
    this.emit('conversations');
    await api('PUT', `api/v1/conversations/${conversationId}/read`, {seq: conversation.readSeq});
  }

  readSeqSeen(conversationId, readSeq) {
    const conversation = this.conversations.get(conversationId);
    if (conversation && readSeq !== undefined) conversation.readSeq = Math.max(conversation.readSeq ?? 0, readSeq);
  }

  /** The conversation's last message, as the list shows it. */
  summarise(conversationId) {
    const conversation = this.conversations.get(conversationId);
    const newest = this.ordered(conversationId).at(-1);
    if (conversation && newest && (!conversation.lastMessage || conversation.lastMessage.seq < newest.seq)) {
      conversation.lastMessage = {messageId: newest.messageId, seq: newest.seq, senderId: newest.senderId,
        sentAt: newest.sentAt, body: newest.body};
      this.emit('conversations');
    }
  }

  emit(name, detail) {
    this.dispatchEvent(new CustomEvent(name, {detail}));
  }
}

function strongest(...statuses) {
  return statuses.filter(status => status in RANK).sort((a, b) => RANK[b] - RANK[a])[0];
}
