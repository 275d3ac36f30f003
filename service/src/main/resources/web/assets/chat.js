/*
 * The chat panel, on its own at /chat or framed by a shop's page through /widget.js (?embedded=1).
 * A visitor session token is kept in localStorage; the conversation is read as "messages since id", polled every
 * two seconds, which also catches up after a reconnect. Plain DOM code under a strict Content-Security-Policy:
 * every element is built with createElement and styled by class.
 */
(() => {
  'use strict';

  const TOKEN_KEY = 'closeloop.chat.token';
  const API = '/api/v1/chat';
  const POLL_MS = 2000;
  const HIDDEN_POLL_MS = 15000;
  const RETRY_DELAY_MS = 1000;
  const PAGE = 200; // the most the server returns at once

  const TEXTS = {
    en: {
      title: 'Chat with us',
      greeting: 'Hi! Ask us anything about your order.',
      placeholder: 'Type your message…',
      label: 'Your message',
      send: 'Send',
      close: 'Close chat',
      bot: 'Bot',
      agent: 'Agent',
      you: 'You',
      sending: 'Sending…',
      notSent: 'Not sent.',
      retry: 'Retry',
      sendFailed: 'Your message could not be sent. Please check your connection and try again.',
      offline: 'Connection lost. Reconnecting…'
    },
    'zh-CN': {
      title: '在线咨询',
      greeting: '您好！有关订单的任何问题都可以问我们。',
      placeholder: '请输入您的问题…',
      label: '您的消息',
      send: '发送',
      close: '关闭对话',
      bot: '机器人',
      agent: '客服',
      you: '我',
      sending: '正在发送…',
      notSent: '未发送。',
      retry: '重试',
      sendFailed: '消息未能发送，请检查网络连接后重试。',
      offline: '网络连接中断，正在重新连接…'
    }
  };

  const params = new URLSearchParams(window.location.search);
  const lang = pickLocale(params.get('locale') || navigator.language || '');
  const embedded = params.get('embedded') === '1';
  const t = (key) => TEXTS[lang][key] ?? TEXTS.en[key];

  const list = document.getElementById('chat-messages');
  const form = document.getElementById('chat-form');
  const input = document.getElementById('chat-input');
  const sendButton = document.getElementById('chat-send');
  const closeButton = document.getElementById('chat-close');
  const errorLine = document.getElementById('chat-error');

  const messages = new Map(); // server id → message
  const pending = new Map();  // clientMessageId → {text, failed}, in the order they were written
  const nodes = new Map();    // 'm' + id / 'p' + clientMessageId / 'greeting' → <li>
  const errors = { send: '', connection: '' };
  let token = readToken();
  let cursor = 0;             // the highest id read through polling; sends never move it (see merge)
  let session = null;         // the session being created, shared by concurrent callers
  let sending = Promise.resolve();
  let pollTimer = null;
  let panelClosed = false; // told by the loader; see the message listener below
  let polling = false;

  function pickLocale(value) {
    return String(value).toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  }

  // ---- storage: private modes and blocked third-party storage throw; the token then lasts as long as the page --

  function readToken() {
    try {
      return window.localStorage.getItem(TOKEN_KEY);
    } catch (e) {
      return null;
    }
  }

  function writeToken(value) {
    token = value;
    try {
      if (value) {
        window.localStorage.setItem(TOKEN_KEY, value);
      } else {
        window.localStorage.removeItem(TOKEN_KEY);
      }
    } catch (e) {
      // kept in memory only
    }
  }

  // ---- DOM helpers -------------------------------------------------------------------------------

  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => {
      if (value !== null && value !== undefined && value !== false) {
        node.setAttribute(name, value === true ? '' : String(value));
      }
    });
    [].concat(children ?? []).forEach((child) => {
      if (child !== null && child !== undefined) {
        node.append(typeof child === 'string' ? document.createTextNode(child) : child);
      }
    });
    return node;
  }

  function showErrors() {
    errorLine.textContent = errors.send || errors.connection;
  }

  const timeFormat = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' });
  const dayFormat = new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

  function timeOf(iso) {
    const date = new Date(iso);
    if (isNaN(date.getTime())) {
      return null;
    }
    const today = new Date().toDateString() === date.toDateString();
    return el('time', { class: 'msg-time', datetime: date.toISOString() },
      (today ? timeFormat : dayFormat).format(date));
  }

  // ---- the API -----------------------------------------------------------------------------------

  /** Resolves to {status, data}; rejects only when the server could not be reached. */
  function request(method, path, body) {
    return window.CloseloopJson.request(API + path,
      { method, body, headers: token ? { 'X-Closeloop-Chat-Token': token } : {}, credentials: 'omit' });
  }

  /** The visitor's token, starting a session on first use; rejects when that fails. */
  function ensureSession() {
    if (token) {
      return Promise.resolve(token);
    }
    if (!session) {
      session = request('POST', '/sessions', { locale: lang }).then((response) => {
        if (response.status !== 200 || !response.data || typeof response.data.token !== 'string') {
          throw new Error('no session: ' + response.status);
        }
        writeToken(response.data.token);
        return token;
      }).finally(() => {
        session = null;
      });
    }
    return session;
  }

  /** The token is no longer valid: what was shown belongs to the old session, so the panel starts afresh. */
  function dropSession() {
    writeToken(null);
    messages.clear();
    cursor = 0;
    render();
  }

  function clientMessageId() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') {
      return window.crypto.randomUUID();
    }
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  /** Adds messages from the server, keyed by id so a message seen twice (send and poll) is shown once. */
  function merge(received) {
    let added = false;
    (Array.isArray(received) ? received : []).forEach((m) => {
      if (m && Number.isFinite(m.id) && typeof m.body === 'string' && !messages.has(m.id)) {
        messages.set(m.id, m);
        added = true;
      }
    });
    return added;
  }

  // ---- sending -----------------------------------------------------------------------------------

  function send(text) {
    const id = clientMessageId();
    pending.set(id, { text, failed: false });
    render(true);
    // One at a time, so the server sees messages in the order they were written.
    sending = sending.then(() => deliver(id));
  }

  /** Sends a written message: once more after a failure, with the same id so the server handles it once. */
  async function deliver(id) {
    const item = pending.get(id);
    if (!item) {
      return;
    }
    item.failed = false;
    render();
    let retried = false;
    let renewed = false;
    for (;;) {
      let response = null;
      try {
        await ensureSession();
        response = await request('POST', '/messages', { clientMessageId: id, text: item.text });
      } catch (e) {
        response = null;
      }
      if (response && response.status === 200) {
        delivered(id, response.data && response.data.messages);
        return;
      }
      if (response && response.status === 401 && !renewed) {
        // An expired session: a new one, then the same message.
        renewed = true;
        dropSession();
        continue;
      }
      const worthRetrying = !response || response.status >= 500 || response.status === 401;
      if (worthRetrying && !retried) {
        retried = true;
        await new Promise((resolve) => window.setTimeout(resolve, RETRY_DELAY_MS));
        continue;
      }
      item.failed = true;
      errors.send = t('sendFailed');
      showErrors();
      render();
      return;
    }
  }

  function delivered(id, received) {
    const node = nodes.get('p' + id);
    pending.delete(id);
    nodes.delete('p' + id);
    merge(received);
    // The reply starts with the customer's own message: its bubble stays, now under the server's id.
    const own = (Array.isArray(received) ? received : []).find((m) => m && m.author === 'customer');
    if (node && own && !nodes.has('m' + own.id)) {
      node.classList.remove('is-pending', 'is-failed');
      node.querySelector('.msg-state')?.remove();
      node.dataset.id = String(own.id);
      node.append(timeOf(own.createdAt) || '');
      nodes.set('m' + own.id, node);
    } else if (node) {
      node.remove();
    }
    if (![...pending.values()].some((p) => p.failed)) {
      errors.send = '';
      showErrors();
    }
    render(true);
    schedulePoll(0);
  }

  // ---- polling -----------------------------------------------------------------------------------

  function schedulePoll(delay) {
    window.clearTimeout(pollTimer);
    pollTimer = window.setTimeout(poll, delay ?? (document.hidden || panelClosed ? HIDDEN_POLL_MS : POLL_MS));
  }

  // The loader says when the visitor closes or reopens the panel: a closed panel polls like a hidden tab, and
  // catches up at once when it opens again. Only the page that framed us is listened to, and only for these two.
  window.addEventListener('message', (event) => {
    if (event.source !== window.parent || !event.data || typeof event.data !== 'object') {
      return;
    }
    if (event.data.closeloop === 'hidden') {
      panelClosed = true;
    } else if (event.data.closeloop === 'shown' && panelClosed) {
      panelClosed = false;
      schedulePoll(0);
    }
  });

  async function poll() {
    // Nothing to read before the visitor's first message creates a session.
    if (polling || !token) {
      if (!polling) {
        schedulePoll();
      }
      return;
    }
    polling = true;
    try {
      for (;;) {
        const response = await request('GET', '/messages?since=' + cursor);
        if (response.status === 401) {
          dropSession();
          break;
        }
        if (response.status !== 200 || !response.data || !Array.isArray(response.data.messages)) {
          throw new Error('poll: ' + response.status);
        }
        const received = response.data.messages;
        const added = merge(received);
        received.forEach((m) => {
          if (m && Number.isFinite(m.id)) {
            cursor = Math.max(cursor, m.id);
          }
        });
        if (added) {
          render();
        }
        if (received.length < PAGE) {
          break;
        }
      }
      errors.connection = '';
    } catch (e) {
      errors.connection = t('offline');
    } finally {
      polling = false;
      showErrors();
      schedulePoll();
    }
  }

  // ---- the conversation --------------------------------------------------------------------------

  function bubble(author, body, createdAt) {
    const label = author === 'customer' ? el('span', { class: 'msg-author sr' }, t('you'))
      : el('span', { class: 'msg-author' }, t(author === 'agent' ? 'agent' : 'bot'));
    return el('li', { class: 'msg ' + (author === 'agent' || author === 'customer' ? author : 'bot') }, [
      label,
      el('p', { class: 'msg-body' }, body),
      createdAt ? timeOf(createdAt) : null
    ]);
  }

  function pendingBubble(item) {
    const node = bubble('customer', item.text, null);
    node.classList.add('is-pending');
    node.append(el('span', { class: 'msg-state' }));
    return node;
  }

  function updatePending(node, id, item) {
    node.classList.toggle('is-failed', item.failed);
    const state = node.querySelector('.msg-state');
    if (!state || state.dataset.failed === String(item.failed)) {
      return;
    }
    state.dataset.failed = String(item.failed);
    if (item.failed) {
      const retry = el('button', { type: 'button', class: 'msg-retry' }, t('retry'));
      retry.addEventListener('click', () => {
        sending = sending.then(() => deliver(id));
      });
      state.replaceChildren(t('notSent') + ' ', retry);
    } else {
      state.replaceChildren(t('sending'));
    }
  }

  /** Puts the greeting, the server's messages and the unsent ones in order, reusing the nodes already shown. */
  function render(toBottom) {
    const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    const wanted = [];
    if (!nodes.has('greeting')) {
      nodes.set('greeting', bubble('bot', t('greeting'), null));
      nodes.get('greeting').classList.add('greeting');
    }
    wanted.push(nodes.get('greeting'));
    [...messages.values()].sort((a, b) => a.id - b.id).forEach((m) => {
      if (!nodes.has('m' + m.id)) {
        const node = bubble(m.author, m.body, m.createdAt);
        node.dataset.id = String(m.id);
        nodes.set('m' + m.id, node);
      }
      wanted.push(nodes.get('m' + m.id));
    });
    pending.forEach((item, id) => {
      if (!nodes.has('p' + id)) {
        nodes.set('p' + id, pendingBubble(item));
      }
      updatePending(nodes.get('p' + id), id, item);
      wanted.push(nodes.get('p' + id));
    });
    const keep = new Set(wanted);
    nodes.forEach((node, key) => {
      if (!keep.has(node)) {
        node.remove();
        nodes.delete(key);
      }
    });
    wanted.forEach((node, i) => {
      if (list.children[i] !== node) {
        list.insertBefore(node, list.children[i] || null);
      }
    });
    if (toBottom || nearBottom) {
      list.scrollTop = list.scrollHeight;
    }
  }

  // ---- the form ----------------------------------------------------------------------------------

  function fitInput() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight, 128) + 'px';
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) {
      input.focus();
      return;
    }
    input.value = '';
    fitInput();
    input.focus();
    send(text);
  });

  input.addEventListener('keydown', (event) => {
    // Enter sends, Shift+Enter is a new line; Enter that picks a word in an input method (pinyin) is not a send.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  input.addEventListener('input', fitInput);

  function requestClose() {
    // The message carries nothing, so any parent may read it; the loader checks that it came from us.
    window.parent.postMessage({ closeloop: 'close' }, '*');
  }

  if (embedded) {
    closeButton.hidden = false;
    closeButton.addEventListener('click', requestClose);
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        requestClose();
      }
    });
    // The loader focuses the frame when it opens the panel; with a keyboard, typing can start at once.
    window.addEventListener('focus', () => {
      if (document.activeElement === document.body && window.matchMedia('(pointer: fine)').matches) {
        input.focus();
      }
    });
  }

  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) {
      schedulePoll(0);
    }
  });
  window.addEventListener('online', () => schedulePoll(0));

  document.documentElement.lang = lang;
  document.documentElement.classList.toggle('is-embedded', embedded);
  document.title = t('title');
  document.getElementById('chat-title').textContent = t('title');
  document.getElementById('chat-input-label').textContent = t('label');
  input.placeholder = t('placeholder');
  sendButton.textContent = t('send');
  closeButton.setAttribute('aria-label', t('close'));
  render();
  schedulePoll(0);
})();
