"use strict";
// The support console: plain JavaScript against the JSON API. The session is an HttpOnly cookie; every request
// that changes something sends the session's CSRF token, kept in sessionStorage for this tab. Customer data lives
// only in the page (never in storage) and is wiped on sign-out.
(function () {
  const $ = (id) => document.getElementById(id);
  const CANNED = {
    "en": ["Thanks for your patience, I am looking into this now.", "Sorry about this. I have arranged a replacement.",
           "Your refund has been issued; it reaches your account in 3-5 working days."],
    "zh": ["感谢您的耐心等待，我正在为您处理。", "非常抱歉，我们已为您安排补发。", "退款已处理，3-5个工作日内到账。"]
  };
  // Topics the ticket filter always offers; any other topic seen in the data is added as it appears.
  const TOPICS = ["delivery", "product_quality", "price", "service", "packaging", "refund", "app", "general"];
  const CHANNELS = { sms: "SMS", wechat: "WeChat", wechat_template: "WeChat template", web: "Web", chat: "Web chat", email: "Email" };
  const POLL_MS = 4000;
  // Presence: every 30 s the console tells the service it is open and how long the agent has been idle; the
  // service decides online or away (agents.awayAfter). After a minute without input, the next input beats at once.
  const HEARTBEAT_MS = 30000;
  const BEAT_ON_RETURN_MS = 60000;
  const consoleId = randomId();
  let lastInput = Date.now();
  let beatTimer = null;

  let me = null;
  let supervisor = false;
  let agents = [];
  let current = null;      // the ticket chosen in the list
  let shown = null;        // the ticket whose panel is built (its compose box and controls persist across refreshes)
  let pollTimer = null;
  let generation = 0;      // bumped on sign-in/out so a poll from an old session stops
  const drafts = new Map();
  const signatures = new Map();

  async function api(method, path, body) {
    const headers = { "Accept": "application/json" };
    if (body !== undefined) { headers["Content-Type"] = "application/json"; }
    const csrf = sessionStorage.getItem("csrf");
    if (method !== "GET" && csrf) { headers["X-CSRF-Token"] = csrf; }
    const response = await fetch(path, { method, headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
    if (response.status === 401 && !path.endsWith("/auth/login")) { showSignIn(); }
    if (!response.ok) {
      throw Object.assign(new Error(data && data.message || response.status + " " + response.statusText),
        { data, status: response.status });
    }
    return data;
  }

  function randomId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return "console-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function showStatus(status) {
    if (!me) { return; }
    me.status = status;
    $("status").value = status;
  }

  async function beat(mine) {
    if (mine !== generation || !me) { return; }
    clearTimeout(beatTimer);
    try {
      const agent = await api("PUT", "/api/v1/agents/me/consoles/" + consoleId,
        { idleSeconds: Math.max(0, Math.floor((Date.now() - lastInput) / 1000)) });
      if (mine === generation) { showStatus(agent.status); }
    } catch (e) {
      // The next beat tries again; a 401 has already shown the sign-in.
    }
    if (mine === generation) {
      clearTimeout(beatTimer); // a beat on the agent's return may have run meanwhile
      beatTimer = setTimeout(() => beat(mine), HEARTBEAT_MS);
    }
  }

  function used() {
    const now = Date.now();
    const returning = now - lastInput > BEAT_ON_RETURN_MS;
    lastInput = now;
    if (returning && me) { beat(generation); }
  }

  // Closing the page (or reloading it): the service makes the agent away unless another console is open.
  function closing() {
    if (!me) { return; }
    const csrf = sessionStorage.getItem("csrf");
    fetch("/api/v1/agents/me/consoles/" + consoleId, { method: "DELETE", keepalive: true, credentials: "same-origin",
      headers: csrf ? { "X-CSRF-Token": csrf } : {} }).catch(() => {});
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === null || v === undefined || v === false) { return; }
      if (k === "class") { node.className = v; } else { node.setAttribute(k, v === true ? "" : v); }
    });
    children.forEach((c) => { if (c !== null && c !== undefined && c !== false) { node.append(c); } });
    return node;
  }

  // Re-renders a container only when its data changed, so a refresh every few seconds keeps focus, selection and
  // scroll position.
  function changed(key, data) {
    const sig = JSON.stringify(data);
    if (signatures.get(key) === sig) { return false; }
    signatures.set(key, sig);
    return true;
  }

  // Instants arrive as ISO strings; tolerate epoch seconds in case the server's Jackson settings change.
  function toDate(v) {
    if (v === null || v === undefined || v === "") { return null; }
    const d = typeof v === "number" ? new Date(v * 1000) : new Date(v);
    return isNaN(d.getTime()) ? null : d;
  }
  function millis(v) { const d = toDate(v); return d ? d.getTime() : 0; }
  const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  function when(v) {
    const d = toDate(v);
    return d ? el("time", { datetime: d.toISOString(), title: d.toISOString() }, dateFormat.format(d)) : "—";
  }
  function words(s) { return s ? String(s).replaceAll("_", " ") : "—"; }
  function channelName(c) { return CHANNELS[c] || (c ? String(c) : "?"); }
  function channelBadge(c) { return el("span", { "class": "badge channel channel-" + (c || "unknown") }, channelName(c)); }
  function isOpen(t) { return t.status !== "resolved" && t.status !== "closed"; }
  function language(locale) { return locale ? String(locale).toLowerCase().split("-")[0] : ""; }

  function agentName(id) {
    if (id === null || id === undefined) { return "Unassigned"; }
    if (me && id === me.id) { return "You"; }
    const a = agents.find((x) => x.id === id);
    return a ? a.displayName || a.username : "Agent #" + id;
  }

  function priorityBadge(p) {
    const level = p >= 3 ? "urgent" : p >= 2 ? "high" : "normal";
    return el("span", { "class": "badge prio prio-" + level, title: "Priority " + p + " (higher is more urgent)" }, "P" + p);
  }

  // The service level a ticket is measured against now: the first reply until there is one, then resolution.
  function slaLine(t) {
    const parts = [];
    if (!isOpen(t)) {
      parts.push(t.status === "closed" ? "closed " : "resolved ", when(t.status === "closed" ? t.closedAt : t.resolvedAt));
    } else if (!t.firstResponseAt && t.firstResponseDue) {
      parts.push("first reply due ", when(t.firstResponseDue));
    } else if (t.firstResponseAt && t.resolutionDue) {
      parts.push("resolution due ", when(t.resolutionDue));
    }
    const breached = [t.firstResponseBreached && "first reply", t.resolutionBreached && "resolution"].filter(Boolean);
    if (breached.length) {
      parts.push(" ", el("span", { "class": "badge breach" }, "breached: " + breached.join(", ")));
    }
    return parts;
  }

  function showSignIn() {
    generation++;
    clearTimeout(pollTimer);
    clearTimeout(beatTimer);
    me = null;
    agents = [];
    current = null;
    shown = null;
    drafts.clear();
    signatures.clear();
    // Nothing about customers stays in the page once the session is gone.
    $("tickets").replaceChildren();
    $("ticket").replaceChildren(el("p", { "class": "hint" }, "Choose a ticket."));
    $("tickets-view").classList.remove("showing-ticket");
    $("queues").replaceChildren();
    $("agents").replaceChildren();
    $("workspace").hidden = true;
    $("signin").hidden = false;
    $("username").focus();
  }

  async function start() {
    try {
      me = await api("GET", "/api/v1/agents/me");
    } catch (e) {
      showSignIn();
      return;
    }
    const mine = ++generation;
    supervisor = me.role === "supervisor" || me.role === "admin";
    $("signin").hidden = true;
    $("workspace").hidden = false;
    $("me").textContent = me.displayName + " (" + me.role + ")";
    $("status").value = me.status;
    $("tab-supervisor").hidden = !supervisor;
    showTab("tickets");
    lastInput = Date.now();
    await beat(mine); // first, so the first view of the agents shows this one online
    await poll(mine);
  }

  async function poll(mine) {
    if (mine !== generation) { return; }
    try {
      await refresh();
      $("connection").textContent = "";
    } catch (e) {
      if (mine === generation && e.status !== 401) { $("connection").textContent = "Refresh failed: " + e.message; }
    }
    if (mine === generation) {
      clearTimeout(pollTimer);
      pollTimer = setTimeout(() => poll(mine), POLL_MS);
    }
  }

  async function refresh() {
    const work = [refreshList()];
    if (supervisor) { work.push(refreshSupervisor()); }
    await Promise.all(work);
    if (current !== null) { await openTicket(current, true); }
  }

  // ---- Ticket list -----------------------------------------------------------------------------------------

  function filters() {
    return { status: $("filter-status").value, assignee: $("filter-assignee").value,
             queue: $("filter-topic").value, language: $("filter-language").value };
  }

  function addTopics(topics) {
    const select = $("filter-topic");
    const have = new Set([...select.options].map((o) => o.value));
    topics.filter((t) => t && !have.has(t)).forEach((t) => { have.add(t); select.append(el("option", { value: t }, words(t))); });
  }

  async function refreshList() {
    const f = filters();
    const query = new URLSearchParams(Object.entries(f).filter(([, v]) => v !== ""));
    const data = await api("GET", "/api/v1/tickets?" + query);
    if (JSON.stringify(f) !== JSON.stringify(filters())) { return; } // the filters changed meanwhile; a newer load follows
    addTopics(data.tickets.map((t) => t.topic));
    $("ticket-count").textContent = data.tickets.length === 1 ? "1 ticket" : data.tickets.length + " tickets";
    renderList(data.tickets);
  }

  function renderList(tickets) {
    const list = $("tickets");
    if (!changed("list", { tickets, current, agents: agents.map((a) => [a.id, a.displayName]) })) { return; }
    const focused = document.activeElement && document.activeElement.closest("#tickets li");
    const focusedId = focused ? focused.dataset.ticket : null;
    if (tickets.length === 0) {
      list.replaceChildren(el("li", { "class": "hint" }, "Nothing here."));
      return;
    }
    list.replaceChildren(...tickets.map((t) => {
      const assignee = t.assigneeId === null ? el("span", { "class": "badge unassigned" }, "unassigned")
        : t.assigneeId === me.id ? el("span", { "class": "badge yours" }, "assigned to you")
        : el("span", {}, agentName(t.assigneeId));
      const sla = slaLine(t);
      const row = el("button", { type: "button", "class": "row", "aria-current": t.id === current ? "true" : null },
        el("span", { "class": "row-top" }, el("strong", {}, "#" + t.id), " ", priorityBadge(t.priority), " ",
          el("span", { "class": "summary", lang: language(t.locale) || null }, t.summary)),
        el("span", { "class": "meta" }, channelName(t.channel) + " · " + t.locale + " · " + words(t.topic) + " · "
          + words(t.reason)),
        el("span", { "class": "meta" }, el("span", { "class": "badge status-" + t.status }, words(t.status)), " · ",
          assignee),
        sla.length ? el("span", { "class": "meta sla" }, ...sla) : null);
      row.addEventListener("click", () => openTicket(t.id, false));
      return el("li", { "data-ticket": String(t.id), "class": t.id === current ? "selected" : null }, row);
    }));
    if (focusedId) {
      const again = list.querySelector("li[data-ticket='" + focusedId + "'] button");
      if (again) { again.focus(); }
    }
  }

  function saveFilters() {
    sessionStorage.setItem("filters", JSON.stringify(filters()));
  }

  function restoreFilters() {
    addTopics(TOPICS);
    let saved = null;
    try { saved = JSON.parse(sessionStorage.getItem("filters") || "null"); } catch (e) { saved = null; }
    if (!saved) { return; }
    addTopics([saved.queue]);
    $("filter-status").value = saved.status ?? "active";
    $("filter-assignee").value = saved.assignee ?? "";
    $("filter-topic").value = saved.queue ?? "";
    $("filter-language").value = saved.language ?? "";
  }

  function setFilters(f) {
    addTopics([f.queue]);
    $("filter-status").value = f.status;
    $("filter-assignee").value = f.assignee;
    $("filter-topic").value = f.queue;
    $("filter-language").value = f.language;
    saveFilters();
    refreshList().catch((e) => { $("connection").textContent = "Refresh failed: " + e.message; });
  }

  // ---- One ticket --------------------------------------------------------------------------------------------

  // On a phone the list and the ticket take turns (the CSS shows one of them); on a wider screen both show.
  const phone = window.matchMedia("(max-width: 700px)");

  function showList() {
    $("tickets-view").classList.remove("showing-ticket");
    const row = document.querySelector("#tickets li.selected button");
    if (row) { row.focus(); row.scrollIntoView({ block: "nearest" }); }
  }

  async function openTicket(id, quiet) {
    current = id;
    const view = await api("GET", "/api/v1/tickets/" + id);
    if (current !== id) { return; } // another ticket was chosen while this one loaded
    if (!quiet) {
      $("tickets-view").classList.add("showing-ticket");
      if (phone.matches) { window.scrollTo(0, 0); }
    }
    // Focus in the reply box would open a phone's keyboard over the transcript.
    renderTicket(view, !quiet && !phone.matches);
    document.querySelectorAll("#tickets li").forEach((li) => {
      const selected = li.dataset.ticket === String(id);
      li.classList.toggle("selected", selected);
      const b = li.querySelector("button");
      if (b) { if (selected) { b.setAttribute("aria-current", "true"); } else { b.removeAttribute("aria-current"); } }
    });
  }

  function renderTicket(view, focus) {
    const t = view.ticket;
    if (shown !== t.id) { buildTicket(t); }
    $("ticket-title").textContent = "#" + t.id + " · ";
    $("ticket-title").append(el("span", { lang: language(t.locale) || null }, t.summary));
    if (changed("facts", t)) { $("facts").replaceChildren(...facts(t)); }
    renderTranscript(view);
    if (changed("customer", [view.customer, t.channel, t.address])) { $("customer").replaceChildren(...customerPanel(view)); }
    if (changed("answers", view.surveyAnswers)) { $("answers").replaceChildren(...surveyPanel(view.surveyAnswers || [])); }
    renderTransfer(t);
    const open = isOpen(t);
    $("action-take").disabled = !(open && t.assigneeId === null);
    $("action-send").disabled = !open;
    // Only the one of Resolve and Reopen that applies is shown, which keeps the row on one line on a laptop.
    $("action-resolve").hidden = !open;
    $("action-reopen").hidden = open;
    $("reply").placeholder = open ? "Reply to the customer (" + channelName(t.channel) + "), or write an internal note. Ctrl+Enter sends the reply."
      : "This ticket is " + t.status + ". Notes can still be added.";
    if (focus) { $("reply").focus(); }
  }

  // The panel's frame: built once per ticket, so the draft, the canned choice and focus survive refreshes.
  function buildTicket(t) {
    if (shown !== null && $("reply")) { drafts.set(shown, $("reply").value); }
    shown = t.id;
    ["facts", "transcript", "customer", "answers", "transfer"].forEach((k) => signatures.delete(k));
    const canned = el("select", { id: "canned", "aria-label": "Canned replies" }, el("option", { value: "" }, "Canned replies…"),
      ...(CANNED[language(t.locale)] || CANNED.en).map((c) => el("option", { value: c }, c)));
    const reply = el("textarea", { id: "reply", "aria-label": "Reply or note", lang: language(t.locale) || null });
    reply.value = drafts.get(t.id) || "";
    reply.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !$("action-send").disabled) { e.preventDefault(); act("reply", true); }
    });
    canned.addEventListener("change", () => { if (canned.value) { reply.value = canned.value; reply.focus(); } });
    const back = el("button", { id: "back-to-list", type: "button", "class": "secondary back" }, "← Tickets");
    back.addEventListener("click", showList);
    $("ticket").replaceChildren(
      el("div", { "class": "ticket-main" },
        back,
        el("h1", { id: "ticket-title" }),
        el("dl", { id: "facts", "class": "facts" }),
        el("h2", { "class": "sr" }, "Conversation"),
        el("ul", { id: "transcript", "class": "transcript", "aria-live": "polite" }),
        el("div", { "class": "compose" }, reply,
          el("div", { "class": "row" }, canned,
            button("take", "Take", () => act("claim")),
            button("send", "Reply", () => act("reply", true)),
            button("note", "Note", () => act("note", true), true),
            button("resolve", "Resolve", () => act("resolve")),
            button("reopen", "Reopen", () => act("reopen"), true)),
          el("p", { id: "ticket-error", "class": "error", role: "alert" }))),
      el("aside", { "class": "ticket-side", "aria-label": "About this ticket" },
        el("section", { id: "transfer", "class": "panel" }),
        el("section", { id: "customer", "class": "panel" }),
        el("section", { id: "answers", "class": "panel" })));
  }

  function button(id, label, handler, secondary) {
    const b = el("button", { id: "action-" + id, type: "button", "class": secondary ? "secondary" : null }, label);
    b.addEventListener("click", handler);
    return b;
  }

  function fact(label, ...value) {
    return el("div", {}, el("dt", {}, label), el("dd", {}, ...value));
  }

  function facts(t) {
    const firstReply = t.firstResponseAt ? ["answered ", when(t.firstResponseAt)] : ["due ", when(t.firstResponseDue)];
    if (t.firstResponseBreached) { firstReply.push(" ", el("span", { "class": "badge breach" }, "breached")); }
    const resolution = t.resolvedAt ? ["resolved ", when(t.resolvedAt)] : ["due ", when(t.resolutionDue)];
    if (t.resolutionBreached) { resolution.push(" ", el("span", { "class": "badge breach" }, "breached")); }
    return [
      fact("Status", el("span", { id: "ticket-status", "class": "badge status-" + t.status, "data-status": t.status }, words(t.status))),
      fact("Assigned", el("span", { id: "ticket-assignee" }, agentName(t.assigneeId))),
      fact("Channel", channelBadge(t.channel), " ", t.address || ""),
      fact("Language", t.locale || "—"),
      fact("Reason", words(t.reason)),
      fact("Topic", el("span", { id: "ticket-topic" }, words(t.topic))),
      fact("Priority", priorityBadge(t.priority)),
      fact("First reply", ...firstReply),
      fact("Resolution", ...resolution),
      fact("Follow-up score", t.followupScore === null || t.followupScore === undefined ? "—" : t.followupScore + " / 5"),
      fact("Opened", when(t.createdAt)),
      t.closedAt ? fact("Closed", when(t.closedAt)) : null
    ].filter(Boolean);
  }

  // Delivery states come from the outbox and the channels' reports (Twilio's vocabulary); unknown ones show as-is.
  const DELIVERY = { queued: "queued", scheduled: "queued", sending: "sending…", accepted: "accepted", sent: "sent",
    delivered: "delivered", read: "read", partially_delivered: "partly delivered", unknown: "delivery unknown",
    outcome_unknown: "delivery unknown", retryable_failure: "not sent yet (will retry)", undelivered: "not delivered",
    failed: "failed", canceled: "cancelled", permanent_failure: "failed",
    opted_out: "not sent: the customer opted out", recipient_opted_out: "not sent: the customer opted out" };
  const FAILED = new Set(["undelivered", "failed", "canceled", "permanent_failure", "opted_out", "recipient_opted_out"]);

  function deliveryText(m, ticketChannel) {
    let text = m.delivery ? DELIVERY[m.delivery] || words(m.delivery) : "";
    if (m.sentVia && m.sentVia !== ticketChannel) {
      // The service picks another route when WeChat's 48-hour window for free-form messages has closed.
      const why = ticketChannel === "wechat" ? " (WeChat window closed)" : "";
      text += (m.sentVia === "wechat_template" ? " as a WeChat template message" : " by " + channelName(m.sentVia)) + why;
    }
    return text.trim();
  }

  function renderTranscript(view) {
    const t = view.ticket;
    const key = [view.transcript, view.messages, t.channel, agents.map((a) => [a.id, a.displayName])];
    if (!changed("transcript", key)) { return; }
    const list = $("transcript");
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40 || list.childElementCount === 0;
    const items = [];
    (view.transcript || []).forEach((m) => {
      const node = el("li", { "class": "customer", "data-channel": m.channel },
        el("span", { "class": "who" }, channelBadge(m.channel), " customer · ", when(m.receivedAt)),
        el("span", { "class": "body", lang: language(t.locale) || null }, m.body || ""));
      if (m.reply) {
        node.append(el("div", { "class": "bot" }, el("span", { "class": "who" }, "automatic reply"),
          el("span", { "class": "body" }, m.reply)));
      }
      items.push({ at: millis(m.receivedAt), node });
    });
    (view.messages || []).forEach((m) => {
      const note = m.kind === "note";
      const failed = FAILED.has(m.delivery);
      const status = note ? "" : deliveryText(m, t.channel);
      items.push({ at: millis(m.createdAt), node: el("li", { "class": note ? "note" : "agent", "data-message": String(m.id) },
        el("span", { "class": "who" }, (note ? "Note by " : "Reply by ") + (me && m.agentId === me.id ? "You" : m.agentName || agentName(m.agentId)) + " · ", when(m.createdAt)),
        el("span", { "class": "body" }, m.body || ""),
        status ? el("span", { "class": "delivery" + (failed ? " failed" : "") }, status) : null) });
    });
    // A stable sort: equal times keep the customer's message before what answered it.
    items.sort((a, b) => a.at - b.at);
    if (items.length === 0) {
      list.replaceChildren(el("li", { "class": "hint" }, "No messages yet."));
    } else {
      list.replaceChildren(...items.map((i) => i.node));
    }
    if (atBottom) { list.scrollTop = list.scrollHeight; }
  }

  function customerPanel(view) {
    const c = view.customer;
    const t = view.ticket;
    const out = [el("h2", {}, "Customer")];
    if (!c) {
      out.push(el("p", { "class": "hint" }, "Not linked to a known customer."));
      if (t.address) { out.push(el("ul", { "class": "addresses" }, el("li", {}, channelBadge(t.channel), " ", t.address))); }
      return out;
    }
    const p = c.purchases || { purchases: 0, total: 0 };
    const count = Number(p.purchases) || 0;
    out.push(el("p", { "class": "customer-name", lang: language(c.locale) || null }, c.name || "(no name)"),
      el("dl", { "class": "pairs" },
        el("dt", {}, "External id"), el("dd", {}, c.externalId || "—"),
        c.email ? el("dt", {}, "Email") : null, c.email ? el("dd", {}, c.email) : null,
        el("dt", {}, "Language"), el("dd", {}, c.locale || "—"),
        el("dt", {}, "Purchases"), el("dd", { id: "customer-purchases" }, count + (count === 1 ? " purchase" : " purchases")
          + (count > 0 ? " · total " + String(p.total) : ""))),
      el("h3", {}, "Reachable at"));
    const addresses = c.addresses || [];
    out.push(addresses.length === 0 ? el("p", { "class": "hint" }, "No addresses.")
      : el("ul", { "class": "addresses" }, ...addresses.map((a) => el("li", {}, channelBadge(a.channel), " ", a.address))));
    return out;
  }

  // sentimentAspects is stored text: parse it defensively and show one short line per aspect.
  function aspects(json) {
    if (!json) { return null; }
    let list;
    try { list = JSON.parse(json); } catch (e) { return el("span", { "class": "aspects" }, "aspects: (unreadable)"); }
    if (!Array.isArray(list) || list.length === 0) { return null; }
    return el("span", { "class": "aspects" }, "aspects: " + list.map((a) => {
      if (!a || typeof a !== "object") { return String(a); }
      return words(a.aspect || "?") + (a.label ? " " + words(a.label) : "") + (a.term ? " (“" + a.term + "”)" : "");
    }).join("; "));
  }

  function surveyPanel(answers) {
    const out = [el("h2", {}, "Survey answers")];
    if (answers.length === 0) {
      out.push(el("p", { "class": "hint" }, "No survey answers."));
      return out;
    }
    out.push(el("ul", { "class": "answers" }, ...answers.map((a) => {
      const type = a.questionType ? String(a.questionType).toUpperCase() : "?";
      const value = a.skipped ? "skipped" : a.score !== null && a.score !== undefined ? String(a.score)
        : a.choiceValue ? "chose " + a.choiceValue : a.textValue ? "" : "—";
      const sentiment = a.sentimentLabel ? el("span", { "class": "badge sentiment-" + a.sentimentLabel },
        words(a.sentimentLabel) + (typeof a.sentimentScore === "number" ? " " + a.sentimentScore.toFixed(2) : "")) : null;
      return el("li", {},
        el("span", { "class": "answer-head" }, el("strong", {}, type + (value ? " " + value : "")), " ",
          el("span", { "class": "hint" }, a.questionId || ""), " ", sentiment),
        a.textValue && !a.skipped ? el("q", { "class": "answer-text" }, a.textValue) : null,
        aspects(a.sentimentAspects),
        el("span", { "class": "meta" }, "order " + (a.orderId || "?") + " · " + channelName(a.channel) + " · ", when(a.answeredAt)));
    })));
    return out;
  }

  function renderTransfer(t) {
    const candidates = supervisor ? agents.filter((a) => a.id !== t.assigneeId) : [];
    const key = [t.id, isOpen(t), t.assigneeId, candidates];
    if (!changed("transfer", key)) { return; }
    const box = $("transfer");
    const previous = $("transfer-to") ? $("transfer-to").value : "queue";
    const error = $("transfer-error") ? $("transfer-error").textContent : "";
    const done = $("transfer-done") ? $("transfer-done").textContent : "";
    const go = el("button", { id: "action-transfer", type: "button", "class": "secondary" }, supervisor ? "Transfer" : "Back to the queue");
    const parts = [el("h2", {}, "Transfer")];
    let select = null;
    if (supervisor) {
      // Offline and full agents stay listed so the reason a transfer fails is the service's own message.
      select = el("select", { id: "transfer-to", "aria-label": "Transfer to" },
        el("option", { value: "queue" }, "Back to the queue"),
        el("optgroup", { label: "Agents" }, ...candidates.map((a) => el("option", { value: String(a.id) },
          (a.displayName || a.username) + " — " + a.status + ", " + a.openTickets + "/" + a.capacity + " open"
            + ((a.languages || []).length ? ", " + a.languages.join("/") : "")
            + ((a.topics || []).length ? ", " + a.topics.join("/") : "")))));
      select.value = [...select.options].some((o) => o.value === previous) ? previous : "queue";
      parts.push(el("div", { "class": "row" }, select, go));
    } else {
      parts.push(el("div", { "class": "row" }, go));
    }
    parts.push(el("p", { id: "transfer-error", "class": "error", role: "alert" }, error),
      el("p", { id: "transfer-done", "class": "ok", role: "status" }, done));
    box.replaceChildren(...parts);
    const update = () => {
      const toQueue = !select || select.value === "queue";
      go.disabled = !isOpen(t) || (toQueue && t.assigneeId === null);
      go.title = go.disabled ? (isOpen(t) ? "Already in the queue" : "Reopen the ticket first") : "";
    };
    if (select) { select.addEventListener("change", update); }
    update();
    go.addEventListener("click", () => transfer(t.id, select && select.value !== "queue" ? Number(select.value) : null));
  }

  async function transfer(id, agentId) {
    $("transfer-error").textContent = "";
    $("transfer-done").textContent = "";
    try {
      await api("POST", "/api/v1/tickets/" + id + "/transfer", { agentId });
      const message = agentId === null ? "Sent back to the queue." : "Transferred to " + agentName(agentId) + ".";
      await refresh();
      if ($("transfer-done")) { $("transfer-done").textContent = message; }
    } catch (e) {
      if ($("transfer-error")) { $("transfer-error").textContent = e.message; }
    }
  }

  async function act(action, withText) {
    const text = withText ? $("reply").value : undefined;
    $("ticket-error").textContent = "";
    if (withText && !text.trim()) {
      $("ticket-error").textContent = "Write something first.";
      $("reply").focus();
      return;
    }
    const id = current;
    try {
      await api("POST", "/api/v1/tickets/" + id + "/" + action, withText ? { text } : undefined);
      if (withText && shown === id) { $("reply").value = ""; drafts.delete(id); }
      await refresh();
    } catch (e) {
      if ($("ticket-error")) { $("ticket-error").textContent = e.message; }
    }
  }

  // ---- Supervisor view -------------------------------------------------------------------------------------

  async function refreshSupervisor() {
    let queues;
    try {
      [queues, agents] = await Promise.all([api("GET", "/api/v1/tickets/queues"), api("GET", "/api/v1/agents")]);
    } catch (e) {
      if (e.status === 403) { // the role changed since sign-in
        supervisor = false;
        agents = [];
        $("tab-supervisor").hidden = true;
        showTab("tickets");
        return;
      }
      throw e;
    }
    addTopics(queues.queues.map((q) => q.topic));
    if (changed("queues", queues.queues)) { renderQueues(queues.queues); }
    if (changed("agents", agents)) { renderAgents(agents); }
  }

  function renderQueues(queues) {
    if (queues.length === 0) {
      $("queues").replaceChildren(el("tr", {}, el("td", { colspan: "7", "class": "hint" }, "No active tickets.")));
      return;
    }
    $("queues").replaceChildren(...queues.map((q) => {
      const show = el("button", { type: "button", "class": "secondary small" }, "Show tickets");
      show.addEventListener("click", () => {
        setFilters({ status: "active", assignee: "", queue: q.topic, language: language(q.locale) });
        showTab("tickets");
        showList();
      });
      return el("tr", { "data-queue": q.locale + "/" + q.topic },
        el("td", {}, q.locale), el("td", {}, words(q.topic)), el("td", { "class": "num" }, String(q.open)),
        el("td", { "class": "num" }, String(q.unassigned)), el("td", {}, q.oldestUnassigned ? when(q.oldestUnassigned) : "—"),
        el("td", { "class": "num" }, q.breached > 0 ? el("span", { "class": "badge breach" }, String(q.breached)) : "0"),
        el("td", {}, show));
    }));
  }

  function renderAgents(list) {
    if (list.length === 0) {
      $("agents").replaceChildren(el("tr", {}, el("td", { colspan: "5", "class": "hint" }, "No agents.")));
      return;
    }
    $("agents").replaceChildren(...list.map((a) => el("tr", { "data-agent": String(a.id) },
      el("td", {}, a.displayName || a.username, " ", el("span", { "class": "hint" }, "@" + a.username)),
      el("td", {}, a.role),
      el("td", {}, el("span", { "class": "badge agent-" + a.status }, a.status)),
      el("td", { "class": "num" + (a.openTickets >= a.capacity ? " full" : "") }, a.openTickets + " / " + a.capacity),
      el("td", { "class": "num" }, a.breached > 0 ? el("span", { "class": "badge breach" }, String(a.breached)) : "0"))));
  }

  function showTab(name) {
    const supervising = name === "supervisor" && supervisor;
    $("tickets-view").hidden = supervising;
    $("supervisor").hidden = !supervising;
    $("tab-tickets").setAttribute("aria-pressed", String(!supervising));
    $("tab-supervisor").setAttribute("aria-pressed", String(supervising));
  }

  // ---- Wiring ------------------------------------------------------------------------------------------------

  $("signin-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("signin-error").textContent = "";
    try {
      const session = await api("POST", "/api/v1/auth/login", { username: $("username").value, password: $("password").value });
      sessionStorage.setItem("csrf", session.csrfToken);
      $("password").value = "";
      await start();
    } catch (e) {
      $("signin-error").textContent = e.message;
    }
  });
  $("signout").addEventListener("click", async () => {
    await api("POST", "/api/v1/auth/logout").catch(() => {});
    sessionStorage.removeItem("csrf");
    showSignIn();
  });
  $("status").addEventListener("change", () => {
    api("PUT", "/api/v1/agents/me/status", { status: $("status").value })
      .then((agent) => { showStatus(agent.status); $("connection").textContent = ""; })
      .catch((e) => { $("connection").textContent = "Status not changed: " + e.message; $("status").value = me.status; });
  });
  $("filters").addEventListener("change", () => {
    saveFilters();
    refreshList().catch((e) => { $("connection").textContent = "Refresh failed: " + e.message; });
  });
  $("filters").addEventListener("submit", (e) => e.preventDefault());
  $("tab-tickets").addEventListener("click", () => { showTab("tickets"); showList(); });
  $("tab-supervisor").addEventListener("click", () => showTab("supervisor"));
  ["keydown", "pointerdown", "pointermove", "wheel", "touchstart"].forEach((type) =>
    document.addEventListener(type, used, { capture: true, passive: true }));
  document.addEventListener("visibilitychange", () => { if (!document.hidden) { used(); } });
  window.addEventListener("pagehide", closing);
  window.addEventListener("pageshow", (event) => { if (event.persisted && me) { lastInput = Date.now(); beat(generation); } });
  restoreFilters();
  start();
})();
