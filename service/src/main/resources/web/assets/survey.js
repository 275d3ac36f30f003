/*
 * The customer's survey page: one question at a time, read from and saved to /api/v1/surveys/{token}.
 * Plain DOM code on purpose: no build step, no external resources, and a strict Content-Security-Policy
 * (no inline scripts or styles), so every element is built with createElement and styled by class.
 */
(() => {
  'use strict';

  const MAX_ELAPSED_MS = 24 * 60 * 60 * 1000;
  const TEXT_LOW_WARNING = 50;

  // Used only when the survey, and so its texts, cannot be loaded at all.
  const FALLBACK_TEXTS = {
    en: {
      'notfound.title': 'Survey not found',
      'notfound.body': 'Please check the link you received.',
      'load.failed': 'We could not load the survey. Please check your connection and try again.',
      'load.retry': 'Try again'
    },
    'zh-CN': {
      'notfound.title': '未找到该调查',
      'notfound.body': '请检查您收到的链接是否完整。',
      'load.failed': '调查未能加载，请检查网络连接后重试。',
      'load.retry': '重试'
    }
  };

  const app = document.getElementById('app');
  const statusLine = document.getElementById('status');
  const errorLine = document.getElementById('error');
  const masthead = document.querySelector('.masthead');
  const surveyTitle = document.getElementById('survey-title');
  const token = tokenFromPath(window.location.pathname);

  let lang = document.documentElement.lang === 'zh-CN' ? 'zh-CN' : 'en';
  let texts = {};
  let survey = null;
  let index = 0;
  let busy = false;
  let stopwatch = null;

  // ---- texts -------------------------------------------------------------------------------------

  /** A page text in the customer's language; the bundles hold MessageFormat patterns ({0}, '' for a quote). */
  function t(key, ...args) {
    const pattern = texts[key] ?? FALLBACK_TEXTS[lang][key] ?? FALLBACK_TEXTS.en[key] ?? key;
    return pattern
      .replace(/\{(\d+)\}/g, (match, n) => (n < args.length ? String(args[n]) : match))
      .replace(/''/g, "'");
  }

  function formatNumber(n) {
    try {
      return n.toLocaleString(lang);
    } catch (e) {
      return String(n);
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

  const SVG_NS = 'http://www.w3.org/2000/svg';
  const ICONS = {
    check: [['path', { d: 'M6 12.5l4 4 8-9' }]],
    closed: [['circle', { cx: 12, cy: 12, r: 8.5 }], ['path', { d: 'M12 7.5V12l3 2' }]],
    notfound: [['circle', { cx: 10.5, cy: 10.5, r: 6 }], ['path', { d: 'M15 15l4.5 4.5' }]],
    offline: [['path', { d: 'M12 7v6' }], ['path', { d: 'M12 16.8v.2' }], ['circle', { cx: 12, cy: 12, r: 9 }]]
  };

  function icon(kind) {
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    ICONS[kind].forEach(([tag, attributes]) => {
      const shape = document.createElementNS(SVG_NS, tag);
      Object.entries(attributes).forEach(([name, value]) => shape.setAttribute(name, String(value)));
      svg.append(shape);
    });
    return el('div', { class: 'icon icon-' + kind }, svg);
  }

  function show(content, heading, moveFocus) {
    app.replaceChildren(content);
    if (moveFocus && heading) {
      heading.focus({ preventScroll: true });
      window.scrollTo(0, 0);
    }
  }

  function setStatus(text) {
    statusLine.textContent = text;
  }

  function setError(text) {
    errorLine.textContent = text;
  }

  function setBusy(value) {
    busy = value;
    app.classList.toggle('is-busy', value);
    app.setAttribute('aria-busy', String(value));
    setStatus(value ? t('saving') : '');
  }

  // ---- time spent on a question, counting only the time the page was visible --------------------

  function startStopwatch() {
    const now = performance.now();
    return { started: now, hiddenSince: document.hidden ? now : null, hiddenTotal: 0 };
  }

  document.addEventListener('visibilitychange', () => {
    if (!stopwatch) {
      return;
    }
    const now = performance.now();
    if (document.hidden) {
      stopwatch.hiddenSince = now;
    } else if (stopwatch.hiddenSince !== null) {
      stopwatch.hiddenTotal += now - stopwatch.hiddenSince;
      stopwatch.hiddenSince = null;
    }
  });

  function elapsedMs() {
    if (!stopwatch) {
      return null;
    }
    const now = performance.now();
    const hidden = stopwatch.hiddenTotal + (stopwatch.hiddenSince !== null ? now - stopwatch.hiddenSince : 0);
    return Math.min(MAX_ELAPSED_MS, Math.max(0, Math.round(now - stopwatch.started - hidden)));
  }

  // ---- drafts of free text, so a reload or a failed send never loses what was typed -------------

  function draftKey(questionId) {
    return 'closeloop.draft.' + token + '.' + questionId;
  }

  function readDraft(questionId) {
    try {
      return window.sessionStorage.getItem(draftKey(questionId));
    } catch (e) {
      return null;
    }
  }

  function writeDraft(questionId, text) {
    try {
      if (text) {
        window.sessionStorage.setItem(draftKey(questionId), text);
      } else {
        window.sessionStorage.removeItem(draftKey(questionId));
      }
    } catch (e) {
      // Storage may be disabled (private mode); the text stays in the text box.
    }
  }

  // ---- the API -----------------------------------------------------------------------------------

  function tokenFromPath(path) {
    const parts = path.split('/').filter(Boolean);
    try {
      return parts.length >= 2 && parts[0] === 's' ? decodeURIComponent(parts[1]) : '';
    } catch (e) {
      return '';
    }
  }

  /** Resolves to {status, data}; rejects only when the server could not be reached. */
  function request(method, path, body) {
    return window.CloseloopJson.request('/api/v1/surveys/' + encodeURIComponent(token) + path, { method, body });
  }

  function applySurvey(view) {
    survey = view;
    survey.answers = survey.answers || {};
    texts = view.texts || {};
    lang = view.locale === 'zh-CN' ? 'zh-CN' : 'en';
    document.documentElement.lang = lang;
    if (texts.title) {
      document.title = texts.title;
      surveyTitle.textContent = texts.title;
    }
  }

  async function load() {
    let response;
    try {
      response = await request('GET', '');
    } catch (e) {
      showLoadFailure();
      return;
    }
    if (response.status === 404) {
      showNotFound();
      return;
    }
    if (response.status !== 200 || !response.data || !Array.isArray(response.data.questions)) {
      showLoadFailure();
      return;
    }
    applySurvey(response.data);
    showCurrentState(false);
  }

  function showCurrentState(moveFocus) {
    if (survey.state === 'completed') {
      showThanks(survey.followUp, moveFocus);
    } else if (survey.state === 'expired') {
      showClosed(moveFocus);
    } else {
      const next = survey.questions.findIndex((q) => q.id === survey.nextQuestionId);
      showQuestion(next >= 0 ? next : 0, moveFocus);
    }
  }

  function hasAnswer(questionId) {
    return Object.prototype.hasOwnProperty.call(survey.answers, questionId);
  }

  /** Saves one answer; true when it was saved and the page moved on. */
  async function submit(question, value) {
    if (busy) {
      return false;
    }
    setError('');
    setBusy(true);
    let response;
    try {
      response = await request('POST', '/answers', { questionId: question.id, value, elapsedMs: elapsedMs() });
    } catch (e) {
      setBusy(false);
      setError(t('retry'));
      return false;
    }
    const data = response.data || {};
    switch (response.status) {
      case 200:
        await afterSaved(question, value, data);
        setBusy(false);
        return true;
      case 404:
        setBusy(false);
        showNotFound();
        return true;
      case 409:
        // Completed meanwhile (another tab): show where the survey really is.
        await load();
        setBusy(false);
        return true;
      case 410:
        setBusy(false);
        survey.state = 'expired';
        showClosed(true);
        return true;
      case 422:
        setBusy(false);
        setError(data.message || t('retry'));
        return false;
      default:
        setBusy(false);
        setError(t('retry'));
        return false;
    }
  }

  async function afterSaved(question, value, result) {
    survey.answers[question.id] = value;
    if (question.type === 'text') {
      writeDraft(question.id, '');
    }
    survey.followUp = result.followUp;
    if (result.state === 'completed') {
      survey.state = 'completed';
      survey.questions.forEach((q) => writeDraft(q.id, ''));
      showThanks(result.followUp, true);
      return;
    }
    const following = survey.questions[index + 1];
    if (result.nextQuestion && following && following.id === result.nextQuestion.id) {
      // The wording of the next question can depend on this answer.
      survey.questions[index + 1] = result.nextQuestion;
      showQuestion(index + 1, true);
      return;
    }
    // An earlier answer was changed: later questions may be worded differently now.
    try {
      const response = await request('GET', '');
      if (response.status === 200 && response.data && Array.isArray(response.data.questions)) {
        applySurvey(response.data);
      }
    } catch (e) {
      // Keep the wording we have; the answer itself is saved.
    }
    if (survey.state !== 'open') {
      showCurrentState(true);
    } else if (following) {
      showQuestion(index + 1, true);
    } else {
      showCurrentState(true);
    }
  }

  // ---- question screens --------------------------------------------------------------------------

  function showQuestion(newIndex, moveFocus) {
    index = newIndex;
    const question = survey.questions[index];
    setError('');
    const heading = el('h1', { id: 'question', class: 'question-title', tabindex: '-1' }, question.text);
    let answer;
    switch (question.type) {
      case 'text':
        answer = textAnswer(question);
        break;
      case 'choice':
        answer = choiceAnswer(question);
        break;
      default:
        answer = scaleAnswer(question);
    }
    const canGoOn = hasAnswer(question.id) && index < survey.questions.length - 1 && question.type !== 'text';
    const section = el('section', {
      class: 'question type-' + question.type,
      'data-question-id': question.id,
      'aria-labelledby': 'question'
    }, [questionHead(), heading, answer, canGoOn ? nextButton() : null]);
    show(section, heading, moveFocus);
    stopwatch = startStopwatch();
  }

  function questionHead() {
    const total = survey.questions.length;
    const back = el('button', { type: 'button', id: 'back', class: 'back', hidden: index === 0 }, t('back'));
    back.addEventListener('click', () => {
      if (!busy && index > 0) {
        showQuestion(index - 1, true);
      }
    });
    const progress = el('p', { id: 'progress', class: 'progress' }, t('progress', index + 1, total));
    const steps = el('div', { class: 'steps', 'aria-hidden': 'true' }, survey.questions.map((q, i) => {
      const state = i === index ? ' is-current' : hasAnswer(q.id) ? ' is-done' : '';
      return el('span', { class: 'step' + state });
    }));
    return el('div', { class: 'question-head' }, [el('div', { class: 'nav' }, [back, progress]), steps]);
  }

  function nextButton() {
    const next = el('button', { type: 'button', id: 'next', class: 'btn btn-quiet btn-next' }, t('next'));
    next.addEventListener('click', () => {
      if (!busy) {
        showQuestion(index + 1, true);
      }
    });
    return el('div', { class: 'review' }, next);
  }

  /** Marks the tapped button at once and saves; puts the old mark back when saving fails. */
  async function choose(question, value, button) {
    if (busy) {
      return;
    }
    const buttons = Array.from(app.querySelectorAll('[aria-pressed]'));
    const before = buttons.map((b) => b.getAttribute('aria-pressed'));
    buttons.forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
    const moved = await submit(question, value);
    if (!moved) {
      buttons.forEach((b, i) => b.setAttribute('aria-pressed', before[i]));
    }
  }

  function scaleAnswer(question) {
    const min = question.min ?? 1;
    const max = question.max ?? 5;
    const current = survey.answers[question.id];
    const buttons = [];
    for (let value = min; value <= max; value++) {
      let label = String(value);
      if (value === min && question.lowLabel) {
        label += ', ' + question.lowLabel;
      } else if (value === max && question.highLabel) {
        label += ', ' + question.highLabel;
      }
      const button = el('button', {
        type: 'button',
        class: 'scale-btn',
        'data-value': value,
        'aria-pressed': String(current === value),
        'aria-label': label
      }, String(value));
      button.addEventListener('click', () => choose(question, value, button));
      buttons.push(button);
    }
    const count = max - min + 1;
    const size = [5, 7, 11].includes(count) ? 'scale-' + count : 'scale-any';
    const group = el('div', { class: 'scale ' + size, role: 'group', 'aria-labelledby': 'question' }, buttons);
    const ends = el('div', { class: 'scale-labels', 'aria-hidden': 'true' }, [
      el('span', { class: 'scale-low' }, [el('span', { class: 'end-number' }, String(min)), question.lowLabel || '']),
      el('span', { class: 'scale-high' }, [el('span', { class: 'end-number' }, String(max)), question.highLabel || ''])
    ]);
    return el('div', { class: 'answer answer-scale' }, [group, ends]);
  }

  function choiceAnswer(question) {
    const current = survey.answers[question.id];
    const buttons = (question.options || []).map((option) => {
      const button = el('button', {
        type: 'button',
        class: 'option-btn',
        'data-value': option.value,
        'aria-pressed': String(current === option.value)
      }, option.label);
      button.addEventListener('click', () => choose(question, option.value, button));
      return button;
    });
    return el('div', { class: 'answer options', role: 'group', 'aria-labelledby': 'question' }, buttons);
  }

  function codePoints(text) {
    return Array.from(text).length;
  }

  function textAnswer(question) {
    const max = question.maxLength || 1000;
    const previous = survey.answers[question.id];
    const draft = readDraft(question.id);
    const area = el('textarea', {
      id: 'answer-text',
      class: 'text-input',
      rows: 5,
      maxlength: max,
      placeholder: t('text.placeholder'),
      'aria-labelledby': 'question',
      'aria-describedby': 'counter'
    });
    area.value = draft !== null ? draft : typeof previous === 'string' ? previous : '';
    const counter = el('p', { id: 'counter', class: 'counter' });
    const skip = el('button', { type: 'button', id: 'skip', class: 'btn btn-secondary' }, t('skip'));
    const send = el('button', { type: 'button', id: 'send', class: 'btn btn-primary' }, t('send'));
    const update = () => {
      const left = Math.max(0, max - codePoints(area.value));
      counter.textContent = t('text.remaining', formatNumber(left));
      counter.classList.toggle('is-low', left <= TEXT_LOW_WARNING);
      send.disabled = area.value.trim() === '';
    };
    area.addEventListener('input', () => {
      writeDraft(question.id, area.value);
      update();
    });
    send.addEventListener('click', () => {
      if (area.value.trim() !== '') {
        submit(question, area.value.trim());
      }
    });
    skip.addEventListener('click', () => submit(question, null));
    update();
    return el('div', { class: 'answer answer-text' }, [area, counter, el('div', { class: 'actions' }, [skip, send])]);
  }

  // ---- end screens -------------------------------------------------------------------------------

  function endScreen(kind, title, paragraphs, extra) {
    stopwatch = null;
    setError('');
    const heading = el('h1', { class: 'screen-title', tabindex: '-1' }, title);
    const body = paragraphs.map((p) => el('p', { class: p.className || 'screen-body' }, p.text));
    return { section: el('section', { class: 'screen ' + kind }, [icon(kind === 'thanks' ? 'check' : kind), heading, ...body, extra || null]), heading };
  }

  function showThanks(followUp, moveFocus) {
    const paragraphs = [{ text: t('thanks.body') }];
    if (followUp) {
      paragraphs.push({ text: t('thanks.detractor'), className: 'followup' });
    }
    const screen = endScreen('thanks', t('thanks.title'), paragraphs);
    show(screen.section, screen.heading, moveFocus);
  }

  function showClosed(moveFocus) {
    const screen = endScreen('closed', t('closed.title'), [{ text: t('closed.body') }]);
    show(screen.section, screen.heading, moveFocus);
  }

  function showNotFound() {
    masthead.hidden = true;
    const screen = endScreen('notfound', t('notfound.title'), [{ text: t('notfound.body') }]);
    show(screen.section, screen.heading, false);
  }

  function showLoadFailure() {
    const retry = el('button', { type: 'button', id: 'retry-load', class: 'btn btn-primary' }, t('load.retry'));
    retry.addEventListener('click', () => {
      app.replaceChildren(el('div', { class: 'loading' }, el('span', { class: 'spinner', 'aria-hidden': 'true' })));
      load();
    });
    const screen = endScreen('offline', t('load.failed'), [], el('div', { class: 'actions actions-center' }, retry));
    show(screen.section, screen.heading, false);
  }

  load();
})();
