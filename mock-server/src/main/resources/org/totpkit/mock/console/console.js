// The TOTP mock's web console: a client of the documented admin routes
// (openapi/totp-hooks.openapi.yaml), nothing more. It keeps no state but what it shows and the
// admin token, which lives in this variable only (never a cookie or storage). Everything from the
// server is written with textContent: login names and stub names come from clients.
'use strict';

(function () {
  const ADMIN = '/__admin';
  const POLL_MILLIS = 1000;
  const LOG_ROWS = 200;

  let adminToken = null;
  let selectedUserId = null;
  let eventsAfter = 0;
  let period = 30;
  let polling = false;
  let timer = null;

  const $ = (id) => document.getElementById(id);

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  /** A table row: text cells, and nodes (a button, a finished td) as they are. */
  function row(cells) {
    const tr = document.createElement('tr');
    for (const cell of cells) {
      if (cell instanceof Node && cell.tagName === 'TD') {
        tr.appendChild(cell);
      } else if (cell instanceof Node) {
        const td = el('td');
        td.appendChild(cell);
        tr.appendChild(td);
      } else {
        tr.appendChild(el('td', cell));
      }
    }
    return tr;
  }

  function time(epochMillis) {
    return new Date(epochMillis).toISOString().replace('T', ' ').replace('.000Z', 'Z');
  }

  // Tenths of a second, rounded up: "0.1 s" until the step ends, never "0.0 s" before it.
  function seconds(millis) {
    const tenths = Math.ceil(millis / 100);
    return Math.floor(tenths / 10) + '.' + (tenths % 10) + ' s';
  }

  /** A refusal of the server, with its contract-shaped body when there is one. */
  class AdminError extends Error {
    constructor(status, body) {
      super(body && body.message ? body.message : 'HTTP ' + status);
      this.status = status;
    }
  }

  /** One admin call: JSON in and out, the admin token when one was given. */
  async function admin(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (adminToken !== null) {
      headers.Authorization = 'Bearer ' + adminToken;
    }
    const init = { method, headers, cache: 'no-store', credentials: 'omit', redirect: 'error' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(ADMIN + path, init);
    const text = await response.text();
    let json = null;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch (e) {
        json = null;
      }
    }
    if (response.status === 401) {
      askForToken(adminToken === null ? null : 'The server refused this token.');
      throw new AdminError(401, json);
    }
    if (!response.ok) {
      throw new AdminError(response.status, json);
    }
    return json;
  }

  function status(text, isError) {
    const node = $('status');
    node.textContent = text;
    node.className = isError ? 'error' : '';
  }

  function reportFailure(what, error) {
    if (error instanceof AdminError && error.status === 401) {
      return;
    }
    status(what + ' failed: ' + error.message, true);
  }

  // --- the admin token -------------------------------------------------------------------------

  function askForToken(message) {
    stopPolling();
    adminToken = null;
    $('main').hidden = true;
    $('token').hidden = false;
    const error = $('token-error');
    error.hidden = !message;
    error.textContent = message || '';
    status('The admin token is needed.', false);
    $('token-input').focus();
  }

  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('token-input');
    adminToken = input.value;
    input.value = '';
    $('token').hidden = true;
    start();
  });

  // --- the clock -------------------------------------------------------------------------------

  function showClock(clock) {
    $('clock-time').textContent = time(clock.epochMillis);
    const mode = $('clock-mode');
    if (clock.frozen) {
      mode.textContent = 'frozen';
      mode.className = 'badge frozen';
    } else if (clock.offsetMillis !== 0) {
      const sign = clock.offsetMillis > 0 ? '+' : '−';
      mode.textContent = 'shifted ' + sign + seconds(Math.abs(clock.offsetMillis));
      mode.className = 'badge shifted';
    } else {
      mode.textContent = 'real time';
      mode.className = 'badge';
    }
  }

  async function clockAction(what, method, path, body) {
    try {
      showClock(await admin(method, path, body));
      status(what + '.', false);
      await refresh();
    } catch (error) {
      reportFailure(what, error);
    }
  }

  $('clock-freeze').addEventListener('click', async () => {
    try {
      const now = await admin('GET', '/totp/clock');
      await clockAction('Clock frozen', 'PUT', '/totp/clock', { epochMillis: now.epochMillis });
    } catch (error) {
      reportFailure('Freezing the clock', error);
    }
  });
  $('clock-step').addEventListener('click', () =>
    clockAction('Clock advanced one step', 'POST', '/totp/clock/advance', { millis: period * 1000 }));
  $('clock-advance-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = Number($('clock-advance-seconds').value);
    if (!Number.isFinite(value) || value < 0) {
      status('Advance by a number of seconds, 0 or more.', true);
      return;
    }
    clockAction('Clock advanced', 'POST', '/totp/clock/advance', { millis: Math.round(value * 1000) });
  });
  $('clock-real').addEventListener('click', () =>
    clockAction('Clock back to real time', 'DELETE', '/totp/clock'));

  // --- users and enrolment ---------------------------------------------------------------------

  function registrationCounts(user) {
    const regs = user.registrations;
    const verified = regs.filter((r) => r.state === 'verified').length;
    return regs.length + ' (' + verified + ' verified)';
  }

  function showUsers(list) {
    $('users-total').textContent = list.users.length < list.total
        ? '(newest ' + list.users.length + ' of ' + list.total + ')'
        : '(' + list.total + ')';
    const rows = $('users-rows');
    rows.replaceChildren();
    for (const user of list.users) {
      const pick = el('button', 'Select');
      pick.type = 'button';
      pick.addEventListener('click', () => selectUser(user.userId, user.loginName));
      const tr = row([user.loginName, user.userId, user.orgId, registrationCounts(user), pick]);
      tr.dataset.userId = user.userId;
      if (user.userId === selectedUserId) {
        tr.className = 'selected';
      }
      rows.appendChild(tr);
    }
  }

  function selectUser(userId, loginName) {
    selectedUserId = userId;
    $('selected-user').textContent = loginName + ' (' + userId + ')';
    $('registrations-user').textContent = loginName;
    $('start-registration').disabled = false;
    hideStarted();
    refresh();
  }

  $('create-user-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const login = $('create-user-login').value.trim();
    try {
      // The answer carries the new user's bearer token: the console does not keep or show it.
      const created = await admin('POST', '/totp/users', login ? { loginName: login } : {});
      $('create-user-login').value = '';
      status('User ' + created.loginName + ' created.', false);
      selectUser(created.userId, created.loginName);
    } catch (error) {
      reportFailure('Creating the user', error);
    }
  });

  $('start-registration').addEventListener('click', async () => {
    if (selectedUserId === null) {
      return;
    }
    try {
      const started = await admin(
          'POST', '/totp/users/' + encodeURIComponent(selectedUserId) + '/totp/start');
      showStarted(started);
      status('Registration ' + started.totpId + ' started: pending until verified.', false);
      await refresh();
    } catch (error) {
      reportFailure('Starting a registration', error);
    }
  });

  function showStarted(started) {
    const qr = $('started-qr');
    // Only the server's own drawing: an SVG image in a data: URI (img-src allows data:).
    if (typeof started.qrCode === 'string' && started.qrCode.startsWith('data:image/svg+xml;base64,')) {
      qr.src = started.qrCode;
      qr.hidden = false;
    } else {
      qr.removeAttribute('src');
      qr.hidden = true;
    }
    $('started-totp').textContent = started.totpId;
    $('started-secret').textContent = started.secret;
    $('started-uri').textContent = started.uri;
    $('started').hidden = false;
  }

  function hideStarted() {
    $('started').hidden = true;
    $('started-qr').removeAttribute('src');
    $('started-secret').textContent = '';
    $('started-uri').textContent = '';
    $('started-totp').textContent = '';
  }

  $('started-dismiss').addEventListener('click', hideStarted);

  // --- the selected user's registrations, with their codes -------------------------------------

  function badge(text, kind) {
    return el('span', text, 'badge ' + kind);
  }

  function registrationCard(registration, window) {
    const card = el('div', null, 'registration');
    card.dataset.totpId = registration.totpId;
    const head = el('div');
    head.appendChild(el('strong', registration.totpId, 'mono'));
    head.appendChild(document.createTextNode(' '));
    head.appendChild(badge(registration.state, 'state ' + registration.state));
    if (registration.expired) {
      head.appendChild(document.createTextNode(' '));
      head.appendChild(badge('expired', 'expired'));
    }
    head.appendChild(document.createTextNode(' '));
    head.appendChild(el('span',
        registration.algorithm + ', ' + registration.digits + ' digits, ' + registration.period
        + ' s, skew ' + registration.skew, 'muted params'));
    card.appendChild(head);

    const state = el('div');
    state.appendChild(el('span', 'failed attempts: ' + registration.failedAttempts, 'failures'));
    state.appendChild(document.createTextNode(' · '));
    state.appendChild(registration.locked
        ? el('span', 'locked until ' + time(Date.parse(registration.lockedUntil)), 'lock badge locked')
        : el('span', 'not locked', 'lock'));
    card.appendChild(state);

    if (window) {
      const codes = el('div', null, 'codes');
      for (const step of window.codes) {
        const cell = el('div');
        const name = step.offset === 0 ? 'now' : (step.offset > 0 ? '+' : '') + step.offset;
        cell.appendChild(el('span', name + ' (step ' + step.step + ')', 'label'));
        const kind = step.offset === 0 ? 'code code-now' : 'code code-neighbour';
        const code = el('span', step.code, kind);
        code.dataset.offset = String(step.offset);
        cell.appendChild(code);
        codes.appendChild(cell);
      }
      const countdown = el('div');
      countdown.appendChild(el('span', 'next step in', 'label'));
      countdown.appendChild(el('span', seconds(window.validForMillis), 'countdown'));
      codes.appendChild(countdown);
      card.appendChild(codes);
    }
    return card;
  }

  async function refreshSelected() {
    const cards = $('registration-cards');
    if (selectedUserId === null) {
      cards.replaceChildren(el('p', 'Select a user to see its registrations and their codes.', 'muted'));
      return;
    }
    const userPath = '/totp/users/' + encodeURIComponent(selectedUserId);
    let user;
    try {
      user = await admin('GET', userPath);
    } catch (error) {
      if (error instanceof AdminError && error.status === 404) {
        selectedUserId = null;
        $('selected-user').textContent = 'none: pick one in the list below';
        $('registrations-user').textContent = 'no user selected';
        $('start-registration').disabled = true;
        cards.replaceChildren();
        return;
      }
      throw error;
    }
    const windows = await Promise.all(user.registrations.map((r) =>
      r.expired ? null : admin('GET', userPath + '/totp/' + encodeURIComponent(r.totpId) + '/window')
          .catch((error) => {
            if (error instanceof AdminError && error.status === 404) {
              return null;
            }
            throw error;
          })));
    const fresh = user.registrations.map((r, i) => registrationCard(r, windows[i]));
    if (fresh.length === 0) {
      fresh.push(el('p', 'No registration yet: start one above.', 'muted'));
    }
    cards.replaceChildren(...fresh);
  }

  // --- the API's answers -----------------------------------------------------------------------

  function outcomeText(event) {
    if (event.outcome === 'ok') {
      return 'ok';
    }
    const parts = [];
    if (event.row) {
      parts.push('row ' + event.row);
    }
    if (event.errorId) {
      parts.push(event.errorId);
    }
    parts.push('code ' + event.code);
    return parts.join(' · ') + ': ' + event.message;
  }

  function showEvents(page) {
    const rows = $('log-rows');
    for (const event of page.events) {
      // Two refreshes may overlap (a poll and a button's): show each answer once.
      if (event.seq <= eventsAfter) {
        continue;
      }
      eventsAfter = event.seq;
      const outcome = el('td', outcomeText(event), 'outcome');
      const tr = row([String(event.seq), time(Date.parse(event.at)), event.method,
        event.userId, event.totpId || '', outcome]);
      tr.className = event.outcome === 'ok' ? 'answered' : 'refused';
      tr.dataset.seq = String(event.seq);
      rows.insertBefore(tr, rows.firstChild);
    }
    while (rows.children.length > LOG_ROWS) {
      rows.removeChild(rows.lastChild);
    }
    eventsAfter = Math.max(eventsAfter, page.next);
  }

  // --- the policy ------------------------------------------------------------------------------

  const POLICY_NUMBERS = ['digits', 'period', 'skew', 'maxFailedAttempts', 'lockSeconds', 'pendingTtlSeconds'];

  function showPolicy(policy) {
    $('policy-algorithm').value = policy.algorithm;
    $('policy-issuer').value = policy.issuer;
    for (const name of POLICY_NUMBERS) {
      $('policy-' + name).value = String(policy[name]);
    }
    period = policy.period;
    $('clock-period').textContent = String(period);
  }

  async function loadPolicy() {
    showPolicy(await admin('GET', '/totp/policy'));
  }

  $('policy-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const change = { algorithm: $('policy-algorithm').value, issuer: $('policy-issuer').value };
    for (const name of POLICY_NUMBERS) {
      const value = Number($('policy-' + name).value);
      if (!Number.isInteger(value)) {
        $('policy-result').textContent = name + ' must be a whole number.';
        $('policy-result').className = 'error';
        return;
      }
      change[name] = value;
    }
    try {
      showPolicy(await admin('PUT', '/totp/policy', change));
      $('policy-result').textContent = 'Saved.';
      $('policy-result').className = 'ok';
    } catch (error) {
      $('policy-result').textContent = 'Not saved: ' + error.message;
      $('policy-result').className = 'error';
    }
  });

  $('policy-reload').addEventListener('click', async () => {
    try {
      await loadPolicy();
      $('policy-result').textContent = '';
    } catch (error) {
      reportFailure('Reading the policy', error);
    }
  });

  // --- WireMock's stubs ------------------------------------------------------------------------

  function stubUrl(request) {
    return request.url || request.urlPath || request.urlPattern || request.urlPathPattern
        || request.urlPathTemplate || '(any)';
  }

  function showStubs(answer) {
    const stubs = (answer && answer.mappings) || [];
    $('stubs-total').textContent = '(' + stubs.length + ')';
    const rows = $('stubs-rows');
    rows.replaceChildren();
    for (const stub of stubs) {
      const request = stub.request || {};
      const response = stub.response || {};
      const remove = el('button', 'Remove');
      remove.type = 'button';
      remove.addEventListener('click', async () => {
        try {
          await admin('DELETE', '/mappings/' + encodeURIComponent(stub.id));
          status('Stub ' + stub.id + ' removed.', false);
          await refresh();
        } catch (error) {
          reportFailure('Removing the stub', error);
        }
      });
      const tr = row([stub.id, stub.name || '', request.method || 'ANY', stubUrl(request),
        response.status === undefined ? 200 : response.status, remove]);
      tr.dataset.stubId = stub.id;
      rows.appendChild(tr);
    }
    if (stubs.length === 0) {
      const empty = el('td', 'No stubs: the contract answers every request.', 'muted');
      empty.colSpan = 6;
      const tr = document.createElement('tr');
      tr.appendChild(empty);
      rows.appendChild(tr);
    }
  }

  // --- polling ---------------------------------------------------------------------------------

  async function refresh() {
    const [clock, users, events, stubs] = await Promise.all([
      admin('GET', '/totp/clock'),
      admin('GET', '/totp/users?limit=100'),
      admin('GET', '/totp/events?after=' + eventsAfter + '&limit=1000'),
      admin('GET', '/mappings'),
    ]);
    showClock(clock);
    showUsers(users);
    showEvents(events);
    showStubs(stubs);
    await refreshSelected();
  }

  async function poll() {
    timer = null;
    if (!polling) {
      return;
    }
    try {
      await refresh();
      if ($('status').className === 'error' && $('status').dataset.lost === 'yes') {
        status('Connected.', false);
      }
      $('status').dataset.lost = '';
    } catch (error) {
      if (!(error instanceof AdminError) || error.status !== 401) {
        status('Cannot reach the server: ' + error.message, true);
        $('status').dataset.lost = 'yes';
      }
    }
    if (polling) {
      timer = setTimeout(poll, POLL_MILLIS);
    }
  }

  function stopPolling() {
    polling = false;
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  }

  async function start() {
    try {
      await loadPolicy();
    } catch (error) {
      reportFailure('Reading the policy', error);
      return;
    }
    $('main').hidden = false;
    status('Connected.', false);
    polling = true;
    poll();
  }

  start();
})();
