// The WebSocket (docs/api.md, "WebSocket"): authenticates with the first frame, acknowledges pushed messages (a
// burst of them in one frame),
// pings every heartbeat to notice a dead connection, and reconnects with exponential backoff and full jitter.
// Events: 'state' (detail: 'connecting' | 'online' | 'offline'), 'ready', 'message', 'status', 'revoked',
// 'recovery-requested' (someone asked to recover this account), 'recovery-closed' (such a request ended),
// 'guardian-request' (a request of someone this user guards started or changed). Frame types it does not know are ignored: a newer server may send more.
import {root} from './api.js';
import {session} from './session.js';

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
// Acks wait this long for the rest of a burst (a catch-up after a reconnect, a busy family), then go in one frame:
// the server writes one frame's acks together. At most the server's limit of ids per frame.
const ACK_DELAY_MS = 50;
const MAX_ACK_IDS = 100;

export class Live extends EventTarget {
  constructor() {
    super();
    this.state = 'offline';
    this.attempt = 0;
    this.socket = null;
    this.timer = null;
    this.stopped = true;
    this.acks = [];
    this.ackTimer = null;
    window.addEventListener('online', () => this.reconnectSoon());
  }

  start() {
    this.stopped = false;
    if (!this.socket) this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.stopHeartbeat();
    this.dropAcks();
    const socket = this.socket;
    this.socket = null;
    if (socket) socket.close(1000, 'Signed out');
    this.setState('offline');
  }

  connect() {
    clearTimeout(this.timer);
    const token = session.token();
    if (this.stopped || !token) return;
    this.setState('connecting');
    const url = new URL('api/v1/socket', root);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify({type: 'auth', token}));
    socket.onmessage = event => this.received(socket, event.data);
    socket.onclose = event => this.closed(socket, event.code);
  }

  received(socket, data) {
    if (socket !== this.socket) return;
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    this.lastHeard = Date.now();
    switch (frame.type) {
      case 'ready':
        this.attempt = 0;
        this.startHeartbeat(frame.heartbeatSeconds);
        this.setState('online');
        this.dispatchEvent(new CustomEvent('ready', {detail: frame}));
        break;
      case 'message':
        this.dispatchEvent(new CustomEvent('message', {detail: frame}));
        // Acknowledged once handed to the page's store: the server counts it delivered to this device.
        this.acknowledge(frame.messageId);
        break;
      case 'status':
      case 'recovery-requested':
      case 'recovery-closed':
      case 'guardian-request':
        this.dispatchEvent(new CustomEvent(frame.type, {detail: frame}));
        break;
      case 'error':
        // An ack that met an outage names its ids (this client sends over REST, so no other error is its own):
        // acknowledge them again when the server says, on this socket; a new one pushes them again anyway.
        if (Array.isArray(frame.messageIds)) this.acknowledgeLater(socket, frame.messageIds, frame.retryAfter);
        break;
      default:
        break; // pong (lastHeard is enough), sent (this client sends over REST), unknown types
    }
  }

  closed(socket, code) {
    if (socket !== this.socket) return;
    this.socket = null;
    this.dropAcks(); // the server pushes what this socket did not acknowledge again on the next one
    this.stopHeartbeat();
    if (code === 4401) {
      // The token was revoked (sign-out elsewhere, device removed) or expired.
      this.stopped = true;
      this.setState('offline');
      this.dispatchEvent(new CustomEvent('revoked'));
      return;
    }
    this.setState(this.stopped ? 'offline' : 'connecting');
    this.scheduleReconnect();
  }

  scheduleReconnect() {
    if (this.stopped) return;
    const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** this.attempt);
    this.attempt++;
    const delay = ceiling / 2 + Math.random() * ceiling / 2; // jitter: reconnecting clients spread out
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), delay);
  }

  /** The browser says the network is back: try at once rather than wait out the backoff. */
  reconnectSoon() {
    if (this.stopped || this.socket) return;
    this.attempt = 0;
    this.connect();
  }

  startHeartbeat(seconds) {
    this.stopHeartbeat();
    const interval = Math.max(1, seconds) * 1000;
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastHeard > 2 * interval) {
        // Nothing heard for two intervals: the connection is dead even if the browser has not noticed.
        this.socket?.close(4000, 'No answer');
        if (this.socket) this.closed(this.socket, 1006);
        return;
      }
      this.send({type: 'ping'});
    }, interval);
  }

  stopHeartbeat() {
    clearInterval(this.heartbeat);
  }

  acknowledge(messageId) {
    this.acks.push(messageId);
    if (this.acks.length >= MAX_ACK_IDS) this.flushAcks();
    else if (!this.ackTimer) this.ackTimer = setTimeout(() => this.flushAcks(), ACK_DELAY_MS);
  }

  acknowledgeLater(socket, messageIds, retryAfterSeconds) {
    setTimeout(() => {
      if (socket === this.socket) messageIds.forEach(id => this.acknowledge(id));
    }, Math.max(1, retryAfterSeconds || 5) * 1000);
  }

  flushAcks() {
    const messageIds = this.acks;
    this.dropAcks();
    if (messageIds.length) this.send({type: 'ack', messageIds});
  }

  dropAcks() {
    clearTimeout(this.ackTimer);
    this.ackTimer = null;
    this.acks = [];
  }

  send(frame) {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', {detail: state}));
  }
}
