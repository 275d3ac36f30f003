/*
 * The demo shop (/demo, config/local.yml only): the chat widget as a shop embeds it, and a "place an order" button
 * that asks the server to create a purchase (the page holds no API key) and shows the survey link it earned.
 * English or Chinese from ?locale= or the browser. Plain DOM code under a strict Content-Security-Policy.
 */
(() => {
  'use strict';

  const TEXTS = {
    en: {
      title: 'Closeloop Tea House · demo shop',
      shop: 'Closeloop Tea House',
      note: 'A demo shop on this Closeloop. The chat button (bottom right) is the widget a shop adds with one line; '
        + 'an order here is a real purchase in Closeloop, with its survey.',
      product: 'Longjing green tea',
      productText: 'Spring harvest from Hangzhou, 250 g. Ships within 24 hours.',
      orderTitle: 'Place an order',
      name: 'Your name (optional)',
      phone: 'Mobile number (optional), e.g. +8613800138000: the survey then goes by SMS',
      locale: 'Survey language',
      place: 'Place an order',
      placing: 'Placing the order…',
      thanks: 'Thank you for your order!',
      placed: (order) => 'Order ' + order + ' is in. A real shop\'s customer gets this link after delivery; '
        + 'here it comes at once.',
      survey: 'Take the survey',
      bySms: (when) => 'The text message with the link is due ' + when
        + ' (after the send delay, outside quiet hours); config/local.yml writes it to the server\'s log.',
      suppressed: (reason) => 'No survey for this order (' + reason + ').',
      failed: 'The order could not be placed: ',
      unreachable: 'The shop cannot reach the server. Please try again.',
      chatOff: 'The chat panel is off on this server (chat.enabled).'
    },
    'zh-CN': {
      title: 'Closeloop 茶行 · 演示商店',
      shop: 'Closeloop 茶行',
      note: '这是本 Closeloop 上的演示商店。右下角的对话按钮就是商店用一行代码加上的在线咨询；在这里下单会在 Closeloop 中'
        + '生成一笔真实的订单和它的问卷。',
      product: '龙井绿茶',
      productText: '杭州春茶，250 克，24 小时内发货。',
      orderTitle: '下单',
      name: '您的姓名（选填）',
      phone: '手机号码（选填），例如 +8613800138000：问卷将通过短信发送',
      locale: '问卷语言',
      place: '下单',
      placing: '正在下单…',
      thanks: '感谢您的订购！',
      placed: (order) => '订单 ' + order + ' 已提交。真实商店的顾客会在收货后收到这个链接；这里直接给您。',
      survey: '填写问卷',
      bySms: (when) => '带链接的短信预计于 ' + when + ' 发出（发送延迟之后，且避开免打扰时段）；config/local.yml 会把它写入服务器日志。',
      suppressed: (reason) => '这笔订单没有问卷（' + reason + '）。',
      failed: '未能下单：',
      unreachable: '商店无法连接服务器，请重试。',
      chatOff: '本服务器未开启在线咨询（chat.enabled）。'
    }
  };

  const params = new URLSearchParams(window.location.search);
  const requested = String(params.get('locale') || navigator.language || '').toLowerCase();
  const lang = requested.startsWith('zh') ? 'zh-CN' : 'en';
  const t = (key) => TEXTS[lang][key] ?? TEXTS.en[key];
  const $ = (id) => document.getElementById(id);

  document.documentElement.lang = lang;
  document.title = t('title');
  document.querySelectorAll('[data-text]').forEach((node) => {
    node.textContent = t(node.getAttribute('data-text'));
  });
  $('lang-' + (lang === 'zh-CN' ? 'zh' : 'en')).setAttribute('aria-current', 'page');
  $('order-locale').value = lang;

  // The widget exactly as a shop embeds it: <script src=".../widget.js" data-locale="zh-CN" async>.
  const widget = document.createElement('script');
  widget.src = '/widget.js';
  widget.async = true;
  widget.setAttribute('data-locale', lang);
  widget.addEventListener('error', () => { $('chat-off').hidden = false; });
  document.body.append(widget);

  const when = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });

  $('order-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $('place-order');
    $('order-error').textContent = '';
    button.disabled = true;
    button.textContent = t('placing');
    try {
      const { status, data } = await window.CloseloopJson.request('/api/v1/demo/orders', {
        method: 'POST',
        body: { name: $('order-name').value, phone: $('order-phone').value, locale: $('order-locale').value }
      });
      if (status !== 201 || !data) {
        const details = data && Array.isArray(data.details) && data.details.length
          ? data.details.map((d) => d.field + ' ' + d.message).join('; ') : data && data.message;
        $('order-error').textContent = t('failed') + (details || String(status));
        return;
      }
      showOrder(data);
    } catch (e) {
      $('order-error').textContent = t('unreachable');
    } finally {
      button.disabled = false;
      button.textContent = t('place');
    }
  });

  function showOrder(order) {
    $('result-text').textContent = t('placed')(order.orderId);
    const link = $('survey-link');
    link.hidden = !order.surveyUrl;
    if (order.surveyUrl) {
      // The survey on the server this page came from, however the visitor reached it (localhost, a LAN address).
      const survey = new URL(order.surveyUrl);
      link.href = new URL(survey.pathname, window.location.origin).href;
    }
    const hint = $('result-hint');
    if (!order.surveyUrl) {
      hint.textContent = t('suppressed')(order.reason || order.status);
    } else if (order.channel === 'sms' && order.sendAt) {
      hint.textContent = t('bySms')(when.format(new Date(order.sendAt)));
    } else {
      hint.textContent = '';
    }
    $('order-result').hidden = false;
    $('order-result').scrollIntoView({ block: 'nearest' });
  }
})();
