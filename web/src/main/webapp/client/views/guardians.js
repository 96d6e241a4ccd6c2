// Family recovery (docs/api.md, "Family recovery"): choosing guardians and the threshold; the guardian's screen of
// requests to approve or refuse; and the notices in the shell: the owner's warning that someone asked to recover
// their account, and the guardian's that a request waits for them. The socket's 'recovery-requested' and
// 'guardian-request' frames (live.js) say when to look again; every (re)connect looks again too, as frames sent
// while the socket was down are not replayed.
import {api, explain, showProblem, ApiError} from '../api.js';
import {h, render, field} from '../dom.js';
import {dateTime} from '../format.js';

/** The threshold proposed for a new setup: 3 (of 5), never more than the guardians chosen, at least 2. */
const PROPOSED_THRESHOLD = 3;
const MIN_THRESHOLD = 2;
const MAX_GUARDIANS = 10;

const REASONS = {
  'hosted-custody': 'cannot be a guardian: their keys are hosted, so the server alone could use their share',
};

/** /guardians: the current setup and choosing it again, or removing it. */
class Guardians extends HTMLElement {
  async connectedCallback() {
    render(this, h('section', {class: 'card'}, h('h1', {}, 'Family guardians'), h('p', {}, 'Loading…')));
    if (this.app.store.me?.custody !== 'locked') {
      render(this, h('section', {class: 'card'}, h('h1', {}, 'Family guardians'),
        h('p', {}, 'Only an account with locked keys can have guardians: with hosted keys the server itself can let you '
          + 'back in. Lock your keys in ', h('a', {href: 'settings'}, 'Settings'), ' first.')));
      return;
    }
    await this.refresh();
  }

  async refresh() {
    let setup;
    let candidates;
    try {
      [setup, candidates] = await Promise.all([api('GET', 'api/v1/me/guardians'), api('GET', 'api/v1/me/guardians/candidates')]);
    } catch (error) {
      render(this, h('section', {class: 'card'}, h('h1', {}, 'Family guardians'), h('p', {role: 'alert', class: 'error'}, explain(error))));
      return;
    }
    const chosen = new Set(setup.guardians.map(guardian => guardian.userId));
    this.boxes = candidates.map(candidate => h('input', {type: 'checkbox', name: 'guardian', value: candidate.userId,
      checked: chosen.has(candidate.userId) && candidate.eligible, disabled: !candidate.eligible,
      'aria-describedby': candidate.eligible ? null : `why-${candidate.userId}`, onchange: () => this.showThreshold()}));
    this.threshold = h('select', {name: 'threshold', onchange: () => {
      this.wanted = Number(this.threshold.value);
      this.showThreshold();
    }});
    this.wanted = setup.threshold ?? PROPOSED_THRESHOLD;
    this.thresholdText = h('p', {class: 'hint', role: 'status'});
    this.password = h('input', {name: 'password', type: 'password', autocomplete: 'current-password'});
    this.errorBox = h('div');
    render(this, h('section', {class: 'card guardians'},
      h('h1', {}, 'Family guardians'),
      h('p', {}, 'If you forget your password, you start recovery from the sign-in page ("Forgot your password?") with '
        + 'a new password. Each of your guardians sees who asks, from which device and address, and approves or '
        + 'refuses. Once enough of them approve, you are back in, with your messages.'),
      h('p', {}, 'Choose people who will make sure it is really you, for example by calling you. A guardian never sees '
        + 'your messages or keys: each holds one share of a secret, and fewer shares than the threshold tell nothing. '
        + 'Only members of your families whose keys are locked can be guardians.'),
      h('h2', {}, 'Now'),
      this.current(setup),
      h('h2', {}, setup.threshold ? 'Choose again' : 'Choose your guardians'),
      h('form', {onsubmit: event => this.save(event)},
        h('fieldset', {}, h('legend', {}, 'Guardians'),
          candidates.length ? h('ul', {class: 'people'}, candidates.map((candidate, i) => h('li', {},
            h('label', {class: 'check'}, this.boxes[i], ` ${candidate.displayName}`),
            candidate.eligible ? null : h('span', {class: 'hint', id: `why-${candidate.userId}`},
              REASONS[candidate.reason] ?? 'cannot be a guardian'))))
            : h('p', {}, 'Nobody else is in your families yet.')),
        field('Approvals needed', this.threshold, `We propose ${PROPOSED_THRESHOLD} of 5. At least ${MIN_THRESHOLD}, `
          + `at most ${MAX_GUARDIANS} guardians.`),
        this.thresholdText,
        field('Your password', this.password),
        this.errorBox,
        h('p', {class: 'actions'},
          h('button', {type: 'submit', class: 'primary'}, 'Save guardians'),
          setup.threshold ? h('button', {type: 'button', class: 'danger', onclick: () => this.remove()}, 'Remove all guardians') : null)),
      h('p', {}, h('a', {href: 'settings'}, 'Back to Settings'))));
    this.showThreshold();
  }

  current(setup) {
    if (!setup.threshold) return h('p', {class: 'guardian-state'}, 'You have no guardians: family recovery is not set up.');
    return [
      h('p', {class: 'guardian-state', 'data-available': String(setup.available)},
        `Any ${setup.threshold} of these ${setup.guardians.length} guardians together can let you back in (chosen `
        + `${dateTime(setup.createdAt)}). `, setup.available ? 'Family recovery is available.'
          : 'Family recovery is not available: too few of them can still help. Choose again.'),
      h('ul', {class: 'people current-guardians'}, setup.guardians.map(guardian => h('li', {},
        h('span', {class: 'member-name'}, guardian.displayName),
        h('span', {class: guardian.usable ? 'hint' : 'error'}, guardian.usable ? 'can help'
          : 'can no longer help (left your families, or their keys are no longer locked)')))),
    ];
  }

  /** Options 2..n for n chosen guardians; keeps the wanted threshold when it still fits. */
  showThreshold() {
    const count = this.boxes.filter(box => box.checked).length;
    const top = Math.max(MIN_THRESHOLD, count);
    const value = Math.min(Math.max(this.wanted, MIN_THRESHOLD), top);
    render(this.threshold, Array.from({length: top - MIN_THRESHOLD + 1}, (_, i) => MIN_THRESHOLD + i)
      .map(n => h('option', {value: n, selected: n === value}, String(n))));
    this.thresholdText.textContent = count < MIN_THRESHOLD ? `Choose at least ${MIN_THRESHOLD} guardians.`
      : `${value} of ${count} guardians must approve.`;
  }

  async save(event) {
    event.preventDefault();
    const guardianIds = this.boxes.filter(box => box.checked).map(box => box.value);
    await this.confirmed(password => api('PUT', 'api/v1/me/guardians',
      {password, threshold: Number(this.threshold.value), guardianIds}));
  }

  remove() {
    return this.confirmed(password => api('DELETE', 'api/v1/me/guardians', {password}));
  }

  async confirmed(action) {
    showProblem(this.errorBox, null);
    if (!this.password.value) {
      showProblem(this.errorBox, 'Type your password first.');
      this.password.focus();
      return;
    }
    try {
      await action(this.password.value);
      await this.refresh();
      // Saving or removing cancels an open request for this account; the server announces new requests only, so
      // the shell's warning of that request would stay until the next connect.
      this.app.notices?.refresh();
    } catch (error) {
      showProblem(this.errorBox, error instanceof ApiError && error.is('forbidden') ? 'Wrong password.'
        : error instanceof ApiError && error.is('keyring-locked') ? 'This sign-in can no longer unlock your keys. Sign in again, then try once more.'
          : error);
    }
  }
}

/** Calls back on the socket's recovery frames and on every (re)connect, until disconnected. */
function watchRecovery(element, callback) {
  const live = element.app.live;
  const types = ['ready', 'recovery-requested', 'recovery-closed', 'guardian-request'];
  types.forEach(type => live.addEventListener(type, callback));
  return () => types.forEach(type => live.removeEventListener(type, callback));
}

/** /guardian-requests: pending requests of people this user guards, to approve or refuse. */
class GuardianRequests extends HTMLElement {
  connectedCallback() {
    this.errorBox = h('div');
    this.statusBox = h('p', {role: 'status', class: 'decided'});
    this.list = h('div', {'aria-live': 'polite'}, h('p', {}, 'Loading…'));
    render(this, h('section', {class: 'card'},
      h('h1', {}, 'Recovery requests'),
      h('p', {}, 'Someone who chose you as a guardian forgot their password and asks for your help. Approve only when '
        + 'you are sure it is them: call them, or ask them in person. Your approval never shows you their messages '
        + 'or keys. If it was not them, refuse, and tell them: someone else knows their username.'),
      this.errorBox,
      this.statusBox,
      this.list));
    this.stop = watchRecovery(this, () => this.refresh());
    this.refresh();
  }

  disconnectedCallback() {
    this.stop?.();
  }

  async refresh() {
    let requests;
    try {
      requests = await api('GET', 'api/v1/guardian-requests');
    } catch (error) {
      showProblem(this.errorBox, error);
      return;
    }
    render(this.list, requests.length === 0 ? h('p', {class: 'empty-requests'}, 'No request waits for you.')
      : h('ul', {class: 'requests'}, requests.map(request => this.request(request))));
  }

  request(request) {
    const name = request.requester.displayName;
    return h('li', {class: 'request', 'data-request': request.requestId},
      h('h2', {}, `${name} asks to get back into their account`),
      h('dl', {},
        h('dt', {}, 'From'), h('dd', {}, `${request.device}, ${request.address}`),
        h('dt', {}, 'Asked'), h('dd', {}, dateTime(request.createdAt)),
        h('dt', {}, 'Expires'), h('dd', {}, dateTime(request.expiresAt)),
        h('dt', {}, 'Approvals'), h('dd', {class: 'approvals'}, `${request.approvals} of ${request.threshold} needed`)),
      request.myDecision ? h('p', {class: 'decision'}, request.myDecision === 'approved' ? 'You approved this request.'
        : 'You refused this request.')
        : h('p', {class: 'actions'},
          h('button', {type: 'button', class: 'primary', onclick: () => this.decide(request, 'approve')}, `Approve ${name}'s request`),
          h('button', {type: 'button', class: 'danger', onclick: () => this.decide(request, 'refuse')}, `Refuse ${name}'s request`)));
  }

  /** Approves or refuses; says so, as the request leaves the list once it is decided as a whole. */
  async decide(request, decision) {
    showProblem(this.errorBox, null);
    this.statusBox.textContent = '';
    try {
      await api('POST', `api/v1/guardian-requests/${request.requestId}/${decision}`);
      this.statusBox.textContent = `You ${decision === 'approve' ? 'approved' : 'refused'} ${request.requester.displayName}'s request.`;
    } catch (error) {
      showProblem(this.errorBox, error instanceof ApiError && error.is('request-closed') ? 'This request is closed already.'
        : error instanceof ApiError && error.is('already-decided') ? 'You decided on this request already.'
          : error instanceof ApiError && error.status === 404 ? 'You are no longer a guardian of this person.' : error);
    }
    await this.refresh();
    this.app.notices?.refresh();
  }
}

/**
 * In the shell, above every view: the owner's warning for each pending request to recover their account, with
 * cancelling, and the guardian's notice that requests wait for a decision.
 */
class RecoveryNotices extends HTMLElement {
  connectedCallback() {
    this.shown = '';
    this.stop = watchRecovery(this, () => this.refresh());
    this.refresh();
  }

  disconnectedCallback() {
    this.stop?.();
  }

  async refresh() {
    let own;
    let guarded;
    try {
      [own, guarded] = await Promise.all([api('GET', 'api/v1/me/recovery-requests'), api('GET', 'api/v1/guardian-requests')]);
    } catch {
      return; // offline or signed out: the next connect looks again
    }
    const pending = own.filter(request => request.status === 'pending');
    const undecided = guarded.filter(request => !request.myDecision);
    // Drawn again only when something changed: every redraw would be announced again.
    const key = JSON.stringify([pending.map(request => request.requestId), undecided.map(request => request.requestId)]);
    if (key === this.shown) return;
    this.shown = key;
    render(this,
      pending.map(request => h('div', {class: 'notice-bar warning', role: 'alert', 'data-request': request.requestId},
        h('p', {}, `Someone asked to recover your account from ${request.device}, ${request.address}, `
          + `${dateTime(request.createdAt)}. Not you? Cancel it.`),
        h('button', {type: 'button', class: 'danger', onclick: event => this.cancel(request, event.target)}, 'Cancel it'))),
      undecided.length ? h('div', {class: 'notice-bar', role: 'alert'},
        h('p', {}, undecided.length === 1 ? `${undecided[0].requester.displayName} asks for your help to get back into their account.`
          : `${undecided.length} people ask for your help to get back into their accounts.`),
        h('a', {href: 'guardian-requests', class: 'button'}, 'Review recovery requests')) : null);
  }

  async cancel(request, button) {
    button.disabled = true;
    try {
      await api('DELETE', `api/v1/me/recovery-requests/${request.requestId}`);
    } catch (error) {
      // Unknown or closed already (completed, expired, cancelled elsewhere): nothing to cancel, the notice goes.
      if (!(error instanceof ApiError && (error.status === 404 || error.is('request-closed')))) {
        button.disabled = false;
        showProblem(button.parentElement.appendChild(h('div')), error);
        return;
      }
    }
    this.shown = '';
    await this.refresh();
  }
}

customElements.define('fc-guardians', Guardians);
customElements.define('fc-guardian-requests', GuardianRequests);
customElements.define('fc-recovery-notices', RecoveryNotices);
