// The conversation list (always beside the current view on wide screens, the home page on narrow ones), the
// home view, and starting a conversation.
import {api, explain} from '../api.js';
import {h, render, field} from '../dom.js';
import {when} from '../format.js';

class Chats extends HTMLElement {
  connectedCallback() {
    this.listener = () => this.update();
    this.app.store.addEventListener('conversations', this.listener);
    this.update();
  }

  disconnectedCallback() {
    this.app.store.removeEventListener('conversations', this.listener);
  }

  update() {
    const store = this.app.store;
    const open = this.app.view?.conversationId;
    const conversations = store.sortedConversations();
    if (conversations.length === 0) {
      render(this, h('p', {class: 'empty'}, store.me?.families.length ? 'No conversations yet. ' : 'You are in no family yet. ',
        store.me?.families.length ? h('a', {href: 'new'}, 'Start one') : h('a', {href: 'families'}, 'Create a family or join one')));
      return;
    }
    render(this, h('ul', {class: 'chats'}, conversations.map(conversation => {
      const last = conversation.lastMessage;
      const unread = conversation.unreadCount ?? 0;
      const title = store.title(conversation);
      return h('li', {},
        h('a', {href: `c/${conversation.id}`, class: 'chat', 'aria-current': conversation.id === open ? 'page' : null,
            'data-conversation': conversation.id},
          h('span', {class: 'chat-title'}, title),
          last ? h('time', {class: 'chat-time', datetime: last.sentAt}, when(last.sentAt)) : null,
          h('span', {class: 'chat-last'}, last ? `${store.senderName(conversation.id, last.senderId)}: ${last.body}` : 'No messages yet'),
          unread > 0 ? h('span', {class: 'badge', 'aria-label': `${unread} unread`}, String(unread)) : null));
    })));
  }
}

/** Beside the list on wide screens; on narrow ones the list itself is the home page (app.css). */
class Home extends HTMLElement {
  connectedCallback() {
    render(this, h('section', {class: 'home'},
      h('h1', {}, 'Conversations'),
      h('p', {}, 'Choose a conversation, or ', h('a', {href: 'new'}, 'start a new one'), '.')));
  }
}

/** A direct conversation with someone from a shared family, a group, or a note to self. */
class NewChat extends HTMLElement {
  async connectedCallback() {
    render(this, h('section', {class: 'card'}, h('h1', {}, 'New conversation'), h('p', {}, 'Loading your families…')));
    let people;
    try {
      people = await this.people();
    } catch (error) {
      render(this, h('section', {class: 'card'}, h('h1', {}, 'New conversation'), h('p', {role: 'alert', class: 'error'}, explain(error))));
      return;
    }
    this.errorBox = h('div');
    this.groupTitle = h('input', {name: 'title', maxlength: 64});
    const choices = people.map(person => h('li', {},
      h('label', {class: 'check'}, h('input', {type: 'checkbox', name: 'member', value: person.userId}), ` ${person.displayName} (${person.username})`)));
    render(this, h('section', {class: 'card'},
      h('h1', {}, 'New conversation'),
      this.errorBox,
      h('h2', {}, 'With one person'),
      people.length ? h('ul', {class: 'people'}, people.map(person => h('li', {},
        h('button', {onclick: () => this.create({type: 'direct', memberIds: [person.userId]})}, `Write to ${person.displayName}`))))
        : h('p', {}, 'Nobody else is in your families yet. ', h('a', {href: 'families'}, 'Invite someone')),
      h('h2', {}, 'A group'),
      h('form', {onsubmit: event => this.createGroup(event)},
        field('Group name', this.groupTitle),
        h('fieldset', {}, h('legend', {}, 'Members'), h('ul', {class: 'people'}, choices)),
        h('button', {type: 'submit'}, 'Create group')),
      h('h2', {}, 'Just for you'),
      h('button', {onclick: () => this.create({type: 'self'})}, 'Note to self')));
  }

  /** Everyone who shares a family with the user, once each. */
  async people() {
    const store = this.app.store;
    const byId = new Map();
    for (const family of store.me.families) {
      const view = await store.family(family.id);
      view.members.filter(member => member.userId !== store.userId).forEach(member => byId.set(member.userId, member));
    }
    return [...byId.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  createGroup(event) {
    event.preventDefault();
    const memberIds = [...this.querySelectorAll('input[name=member]:checked')].map(box => box.value);
    this.create({type: 'group', title: this.groupTitle.value.trim(), memberIds});
  }

  async create(request) {
    render(this.errorBox);
    try {
      const conversation = await api('POST', 'api/v1/conversations', request);
      await this.app.store.loadConversations();
      this.app.navigate(`c/${conversation.id}`);
    } catch (error) {
      render(this.errorBox, h('p', {role: 'alert', class: 'error'}, explain(error)));
    }
  }
}

customElements.define('fc-chats', Chats);
customElements.define('fc-home', Home);
customElements.define('fc-new-chat', NewChat);
