// Where this browser keeps what it needs between page loads (docs/security.md, "The web client"):
// - the session (bearer token, who and which device) in localStorage, so a reload, a second tab and a browser
//   restart stay signed in on this named device until sign-out, revocation or expiry;
// - per username, this browser's device (id and device credential), so signing in again reuses the device
//   instead of creating a new one (and new Signal keys) each time.
// Nothing else of the user's is stored: messages live in memory only, apart from messages not yet accepted by
// the server (outbox.js).

const SESSION = 'famichat.session';
const DEVICE = 'famichat.device.';

const listeners = new Set();

function read(key) {
  try {
    return JSON.parse(localStorage.getItem(key));
  } catch {
    return null;
  }
}

export const session = {
  /** {token, expiresAt, user: {id, username, displayName}, deviceId} or null */
  current() {
    const stored = read(SESSION);
    if (!stored || !stored.token || Date.parse(stored.expiresAt) <= Date.now()) return null;
    return stored;
  },

  token() {
    return this.current()?.token ?? null;
  },

  /** Keeps the answer of POST /api/v1/sessions (and the device credential it carried, if any). */
  signedIn(answer) {
    const value = {token: answer.token, expiresAt: answer.expiresAt, user: answer.user, deviceId: answer.device.deviceId};
    localStorage.setItem(SESSION, JSON.stringify(value));
    if (answer.deviceCredential) {
      localStorage.setItem(DEVICE + answer.user.username,
        JSON.stringify({deviceId: answer.device.deviceId, credential: answer.deviceCredential}));
    }
    notify();
  },

  /** The session is over (signed out here, revoked, expired): forget the token, keep the device. */
  ended() {
    if (localStorage.getItem(SESSION) === null) return;
    localStorage.removeItem(SESSION);
    notify();
  },

  /** This browser's device for a username: {deviceId, credential} or null. */
  device(username) {
    return read(DEVICE + String(username).trim().toLowerCase());
  },

  forgetDevice(username) {
    localStorage.removeItem(DEVICE + String(username).trim().toLowerCase());
  },

  /** Called with the session (or null) whenever it changes, in this tab or another. */
  onChange(listener) {
    listeners.add(listener);
  },
};

function notify() {
  const current = session.current();
  listeners.forEach(listener => listener(current));
}

// Another tab signed in or out.
window.addEventListener('storage', event => {
  if (event.key === SESSION || event.key === null) notify();
});
