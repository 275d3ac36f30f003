"use strict";
// The support console: plain JavaScript against the JSON API. The session is an HttpOnly cookie; every request
// that changes something sends the session's CSRF token, kept in sessionStorage for this tab.
(function () {
  const $ = (id) => document.getElementById(id);
  const CANNED = {
    "en": ["Thanks for your patience, I am looking into this now.", "Sorry about this. I have arranged a replacement.",
           "Your refund has been issued; it reaches your account in 3-5 working days."],
    "zh-CN": ["感谢您的耐心等待，我正在为您处理。", "非常抱歉，我们已为您安排补发。", "退款已处理，3-5个工作日内到账。"]
  };
  let me = null;
  let current = null;
  let pollTimer = null;

  async function api(method, path, body) {
    const headers = { "Accept": "application/json" };
    if (body !== undefined) { headers["Content-Type"] = "application/json"; }
    const csrf = sessionStorage.getItem("csrf");
    if (method !== "GET" && csrf) { headers["X-CSRF-Token"] = csrf; }
    const response = await fetch(path, { method, headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (response.status === 401) { showSignIn(); }
    if (!response.ok) { throw Object.assign(new Error(data && data.message || response.statusText), { data }); }
    return data;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => { if (k === "class") { node.className = v; } else { node.setAttribute(k, v); } });
    children.forEach((c) => node.append(c));
    return node;
  }

  function showSignIn() {
    clearInterval(pollTimer);
    $("workspace").hidden = true;
    $("signin").hidden = false;
  }

  async function start() {
    try {
      me = await api("GET", "/api/v1/agents/me");
    } catch (e) {
      showSignIn();
      return;
    }
    $("signin").hidden = true;
    $("workspace").hidden = false;
    $("me").textContent = me.displayName + " (" + me.role + ")";
    $("status").value = me.status;
    await refresh();
    clearInterval(pollTimer);
    pollTimer = setInterval(refresh, 4000);
  }

  async function refresh() {
    const [mine, queue] = await Promise.all([api("GET", "/api/v1/tickets?assignee=me"), api("GET", "/api/v1/tickets?status=new")]);
    fill($("mine"), mine.tickets.filter((t) => t.status !== "resolved" && t.status !== "closed"));
    fill($("queue"), queue.tickets.filter((t) => t.assigneeId === null));
    if (current !== null) { await openTicket(current, true); }
  }

  function fill(list, tickets) {
    list.replaceChildren(...tickets.map((t) => {
      const item = el("li", { "data-ticket": String(t.id), "class": t.id === current ? "selected" : "" },
        el("strong", {}, "#" + t.id + " "), t.summary,
        el("div", { "class": "meta" }, t.channel + " · " + t.locale + " · " + t.reason.replaceAll("_", " ") + " · " + t.status));
      if (t.firstResponseBreached || t.resolutionBreached) { item.append(el("span", { "class": "badge breach" }, "SLA breached")); }
      item.addEventListener("click", () => openTicket(t.id, false));
      return item;
    }));
    if (tickets.length === 0) { list.replaceChildren(el("li", { "class": "hint" }, "Nothing here.")); }
  }

  async function openTicket(id, quiet) {
    const view = await api("GET", "/api/v1/tickets/" + id);
    const draft = $("reply") ? $("reply").value : "";
    current = id;
    const t = view.ticket;
    const items = [];
    view.transcript.forEach((m) => {
      items.push({ at: m.receivedAt, node: el("li", { "class": "customer" }, m.body, el("span", { "class": "when" }, "customer · " + m.receivedAt)) });
      if (m.reply) { items.push({ at: m.receivedAt, node: el("li", { "class": "bot" }, m.reply, el("span", { "class": "when" }, "automatic reply")) }); }
    });
    view.messages.forEach((m) => {
      const label = m.kind === "note" ? "note" : "you · " + (m.delivery || "");
      items.push({ at: m.createdAt, node: el("li", { "class": m.kind === "note" ? "note" : "agent" }, m.body, el("span", { "class": "when" }, label + " · " + m.createdAt)) });
    });
    items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const mineNow = t.assigneeId === me.id;
    const open = t.status !== "resolved" && t.status !== "closed";
    const canned = el("select", { id: "canned" }, el("option", { value: "" }, "Canned replies…"),
      ...(CANNED[t.locale] || CANNED.en).map((c) => el("option", { value: c }, c)));
    const panel = [
      el("h1", {}, "#" + t.id + " · " + t.summary),
      el("p", { "class": "meta" }, t.channel + " · " + t.locale + " · " + t.reason.replaceAll("_", " ") + " · ",
        el("span", { id: "ticket-status", "class": "badge" }, t.status), " · priority " + t.priority +
        (t.firstResponseDue ? " · first response due " + t.firstResponseDue : "")),
      el("ul", { id: "transcript", "class": "transcript" }, ...items.map((i) => i.node)),
      el("div", { "class": "compose" },
        el("textarea", { id: "reply", placeholder: "Reply to the customer on " + t.channel + ", or write a note" }),
        el("div", { "class": "row" }, canned,
          button("take", "Take", !mineNow && open && t.assigneeId === null, () => act("claim")),
          button("send", "Reply", open, () => act("reply", true)),
          button("note", "Note", true, () => act("note", true), true),
          button("resolve", "Resolve", open, () => act("resolve")),
          button("reopen", "Reopen", !open, () => act("reopen"), true)),
        el("p", { id: "ticket-error", "class": "error", role: "alert" }))
    ];
    $("ticket").replaceChildren(...panel);
    $("reply").value = draft;
    canned.addEventListener("change", () => { if (canned.value) { $("reply").value = canned.value; } });
    document.querySelectorAll(".tickets li").forEach((li) => li.classList.toggle("selected", li.dataset.ticket === String(id)));
    if (!quiet) { $("reply").focus(); }
  }

  function button(id, label, enabled, handler, secondary) {
    const b = el("button", { id: "action-" + id, type: "button", "class": secondary ? "secondary" : "" }, label);
    b.disabled = !enabled;
    b.addEventListener("click", handler);
    return b;
  }

  async function act(action, withText) {
    const body = withText ? { text: $("reply").value } : undefined;
    try {
      await api("POST", "/api/v1/tickets/" + current + "/" + action, body);
      if (withText) { $("reply").value = ""; }
      await refresh();
      await openTicket(current, true);
    } catch (e) {
      $("ticket-error").textContent = e.message;
    }
  }

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
  $("status").addEventListener("change", () => api("PUT", "/api/v1/agents/me/status", { status: $("status").value }));
  start();
})();
