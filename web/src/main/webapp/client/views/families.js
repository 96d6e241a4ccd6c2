// Families: the list and creating one; a family's members and roles, inviting with a link (and its QR code),
// making someone admin, removing a member, leaving.
import {api, explain, root, ApiError, showProblem} from '../api.js';
import {h, render, field} from '../dom.js';
import {qr} from '../qr.js';

class Families extends HTMLElement {
  connectedCallback() {
    this.name = h('input', {name: 'name', required: true, maxlength: 64});
    this.errorBox = h('div');
    const families = this.app.store.me?.families ?? [];
    render(this, h('section', {class: 'card'},
      h('h1', {}, 'Families'),
      families.length ? h('ul', {class: 'families'}, families.map(family => h('li', {},
        h('a', {href: `families/${family.id}`}, family.name), family.role === 'ADMIN' ? ' (admin)' : '')))
        : h('p', {}, 'You are in no family yet. Create one and invite your family, or open an invite link someone sent you.'),
      h('h2', {}, 'Create a family'),
      h('form', {onsubmit: event => this.create(event)},
        field('Family name', this.name, 'For example "The Müllers".'),
        this.errorBox,
        h('button', {type: 'submit', class: 'primary'}, 'Create family'))));
  }

  async create(event) {
    event.preventDefault();
    showProblem(this.errorBox, null);
    try {
      const family = await api('POST', 'api/v1/families', {name: this.name.value.trim()});
      await this.app.store.load();
      this.app.navigate(`families/${family.id}`);
    } catch (error) {
      showProblem(this.errorBox, error);
    }
  }
}

class Family extends HTMLElement {
  get familyId() {
    return this.params[0];
  }

  async connectedCallback() {
    this.errorBox = h('div');
    this.inviteBox = h('div', {class: 'invite'});
    await this.refresh();
  }

  async refresh() {
    const store = this.app.store;
    let family;
    try {
      family = await store.family(this.familyId);
    } catch (error) {
      render(this, h('section', {class: 'card'}, h('h1', {}, 'Family'),
        h('p', {role: 'alert', class: 'error'}, error instanceof ApiError && error.status === 404 ? 'No such family, or you are not in it.' : explain(error))));
      return;
    }
    const me = family.members.find(member => member.userId === store.userId);
    const admin = me?.role === 'ADMIN';
    const familyChat = [...store.conversations.values()].find(conversation => conversation.familyId === family.id);
    render(this, h('section', {class: 'card'},
      h('h1', {}, family.name),
      h('p', {class: 'actions'},
        familyChat ? h('a', {href: `c/${familyChat.id}`, class: 'button primary'}, 'Open the family conversation') : null),
      this.errorBox,
      h('h2', {}, `Members (${family.members.length})`),
      h('ul', {class: 'members'}, family.members.map(member => h('li', {},
        h('span', {class: 'member-name'}, member.displayName, member.userId === store.userId ? ' (you)' : ''),
        h('span', {class: 'member-role'}, member.role === 'ADMIN' ? 'Admin' : 'Member'),
        member.userId !== store.userId ? h('a', {href: `safety/${member.userId}`}, `Safety number with ${member.displayName}`) : null,
        admin && member.userId !== store.userId && member.role !== 'ADMIN'
          ? h('button', {type: 'button', onclick: () => this.role(member, 'ADMIN')}, `Make ${member.displayName} admin`) : null,
        admin && member.userId !== store.userId
          ? h('button', {type: 'button', onclick: () => this.remove(member)}, `Remove ${member.displayName}`) : null))),
      admin ? [h('h2', {}, 'Invite someone'),
        h('p', {}, 'An invite link lets one person join, once, within a week. Send it to them, or let them scan the code.'),
        h('button', {type: 'button', onclick: () => this.invite()}, 'Create invite link'),
        this.inviteBox] : null,
      h('h2', {}, 'Leave'),
      h('button', {type: 'button', class: 'danger', onclick: () => this.leaveFamily(family)}, 'Leave this family')));
  }

  async invite() {
    showProblem(this.errorBox, null);
    try {
      const invite = await api('POST', `api/v1/families/${this.familyId}/invites`);
      const link = new URL(`invite/${invite.code}`, root).href;
      const linkField = h('input', {readOnly: true, value: link, name: 'inviteLink', class: 'link'});
      const copied = h('span', {role: 'status', class: 'hint'});
      render(this.inviteBox,
        field('Invite link', linkField, `Valid until ${new Date(invite.expiresAt).toLocaleString()}.`),
        h('p', {class: 'actions'}, h('button', {type: 'button', onclick: () => this.copy(linkField, copied)}, 'Copy link'), copied),
        qr(link, 'QR code of the invite link'));
    } catch (error) {
      showProblem(this.errorBox, error);
    }
  }

  async copy(linkField, copied) {
    try {
      await navigator.clipboard.writeText(linkField.value);
      copied.textContent = 'Copied.';
    } catch {
      linkField.select(); // no clipboard access (plain http): selected for the user to copy
      copied.textContent = 'Selected: press Ctrl+C (or ⌘C) to copy.';
    }
  }

  async role(member, role) {
    await this.change(() => api('PUT', `api/v1/families/${this.familyId}/members/${member.userId}/role`, {role}));
  }

  async remove(member) {
    if (!confirm(`Remove ${member.displayName} from the family?`)) return;
    await this.change(() => api('DELETE', `api/v1/families/${this.familyId}/members/${member.userId}`));
  }

  async leaveFamily(family) {
    if (!confirm(`Leave ${family.name}? You will no longer see its conversation.`)) return;
    try {
      await api('DELETE', `api/v1/families/${this.familyId}/members/me`);
      await this.app.store.load();
      this.app.navigate('families');
    } catch (error) {
      showProblem(this.errorBox, error instanceof ApiError && error.is('conflict')
        ? 'You are the only admin. Make someone else an admin first.' : error);
    }
  }

  async change(action) {
    showProblem(this.errorBox, null);
    try {
      await action();
      await this.app.store.load();
      await this.refresh();
    } catch (error) {
      showProblem(this.errorBox, error);
    }
  }
}

customElements.define('fc-families', Families);
customElements.define('fc-family', Family);
