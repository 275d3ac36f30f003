/*
 * Closeloop chat for a shop's own pages:
 *   <script src="https://closeloop.example.com/widget.js" data-locale="zh-CN" async></script>
 * adds a launcher button (bottom right) that opens the chat panel, /chat from the same origin as this script, in
 * an iframe. It runs inside someone else's page, so it adds nothing to it but two elements with namespaced ids and
 * window.Closeloop, styles them inline (a host's stylesheet cannot reach in, and a host's CSP may forbid <style>),
 * and takes only a content-free "close" message from the frame, checked to come from Closeloop.
 */
(() => {
  'use strict';

  if (window.Closeloop) {
    return; // the tag is on the page twice
  }

  const script = document.currentScript
    || Array.from(document.querySelectorAll('script[src]')).find((s) => /\/widget\.js(?:[?#].*)?$/.test(s.src));
  if (!script) {
    return;
  }
  const origin = new URL(script.src, window.location.href).origin;
  const locale = String(script.getAttribute('data-locale') || document.documentElement.lang || navigator.language || '')
    .toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  const TEXTS = {
    en: { open: 'Chat with us', close: 'Close chat' },
    'zh-CN': { open: '在线咨询', close: '关闭对话' }
  };
  const texts = TEXTS[locale];
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const Z = '2147483000';
  // Below this width the panel takes the whole screen.
  const phone = window.matchMedia('(max-width: 480px)');

  let launcher = null;
  let frame = null;
  let opened = false;

  function css(node, properties) {
    Object.entries(properties).forEach(([name, value]) => node.style.setProperty(name, value, 'important'));
  }

  function icon(paths) {
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', '26');
    svg.setAttribute('height', '26');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    paths.forEach((d) => {
      const path = document.createElementNS(SVG_NS, 'path');
      path.setAttribute('d', d);
      path.setAttribute('fill', 'none');
      path.setAttribute('stroke', 'currentColor');
      path.setAttribute('stroke-width', '2');
      path.setAttribute('stroke-linecap', 'round');
      path.setAttribute('stroke-linejoin', 'round');
      svg.append(path);
    });
    css(svg, { display: 'block', margin: '0 auto' });
    return svg;
  }

  const BUBBLE = ['M4 5.5h16v10H9.5L5 19.5v-4H4z'];
  const CROSS = ['M6.5 6.5l11 11', 'M17.5 6.5l-11 11'];

  function buildLauncher() {
    launcher = document.createElement('button');
    launcher.type = 'button';
    launcher.id = 'closeloop-launcher';
    launcher.className = 'closeloop-launcher';
    launcher.setAttribute('aria-controls', 'closeloop-frame');
    launcher.addEventListener('click', toggle);
    css(launcher, {
      position: 'fixed', right: '20px', bottom: '20px', 'z-index': Z, width: '56px', height: '56px',
      margin: '0', padding: '0', border: '0', 'border-radius': '50%', background: '#2547c9', color: '#ffffff',
      'box-shadow': '0 4px 16px rgba(17, 24, 39, 0.25)', cursor: 'pointer', 'line-height': '0'
    });
    document.body.append(launcher);
  }

  let loaded = false;

  function buildFrame() {
    frame = document.createElement('iframe');
    frame.id = 'closeloop-frame';
    frame.className = 'closeloop-frame';
    frame.title = texts.open;
    frame.src = origin + '/chat?locale=' + encodeURIComponent(locale) + '&embedded=1';
    frame.addEventListener('load', () => {
      loaded = true;
      if (opened) {
        frame.focus();
      }
    });
    document.body.append(frame);
  }

  /** Sizes and shows or hides both elements for the current state and screen. */
  function layout() {
    const full = phone.matches;
    launcher.setAttribute('aria-expanded', String(opened));
    launcher.setAttribute('aria-label', opened ? texts.close : texts.open);
    launcher.title = opened ? texts.close : texts.open;
    launcher.replaceChildren(icon(opened ? CROSS : BUBBLE));
    // On a phone the panel covers the launcher; the panel's own close button closes it.
    css(launcher, { display: opened && full ? 'none' : 'block' });
    if (!frame) {
      return;
    }
    css(frame, full ? {
      position: 'fixed', inset: '0', width: '100%', height: '100%', 'max-width': 'none', 'max-height': 'none',
      'border-radius': '0'
    } : {
      position: 'fixed', inset: 'auto', right: '20px', bottom: '88px', width: '380px', 'max-width': 'calc(100vw - 40px)',
      height: '600px', 'max-height': 'calc(100vh - 108px)', 'border-radius': '16px'
    });
    css(frame, {
      display: opened ? 'block' : 'none', margin: '0', padding: '0', border: '0', 'z-index': Z,
      background: '#ffffff', 'box-shadow': '0 12px 40px rgba(17, 24, 39, 0.28)', 'color-scheme': 'normal'
    });
  }

  function open() {
    if (!launcher) {
      return;
    }
    if (!frame) {
      buildFrame(); // loaded on first open only, so a page view alone costs the shop nothing
    }
    opened = true;
    layout();
    tellFrame('shown');
    frame.focus();
  }

  // Only our own frame can receive this (the target origin is Closeloop's): the panel polls slowly while closed.
  function tellFrame(state) {
    // Before its first load the frame is still about:blank, of the shop's origin; a new panel starts open anyway.
    if (loaded && frame.contentWindow) {
      frame.contentWindow.postMessage({ closeloop: state }, origin);
    }
  }

  function close() {
    if (!launcher || !opened) {
      return;
    }
    const hadFocus = document.activeElement === frame;
    opened = false;
    layout();
    tellFrame('hidden');
    if (hadFocus) {
      launcher.focus();
    }
  }

  function toggle() {
    if (opened) {
      close();
    } else {
      open();
    }
  }

  window.addEventListener('message', (event) => {
    if (event.origin === origin && frame && event.source === frame.contentWindow
        && event.data && event.data.closeloop === 'close') {
      close();
    }
  });

  function start() {
    buildLauncher();
    layout();
    phone.addEventListener('change', layout);
  }

  window.Closeloop = Object.freeze({ open, close, toggle });
  if (document.body) {
    start();
  } else {
    document.addEventListener('DOMContentLoaded', start);
  }
})();
