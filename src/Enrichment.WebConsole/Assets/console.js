// The Enrichment console. Plain JavaScript, no dependencies, no build step.
// Alert text is untrusted: every value reaches the page through textContent or an attribute, never as markup.
'use strict';

(() => {
  const MAX_EVENTS = 1000;
  const SEVERITIES = ['critical', 'warning', 'info', 'noise'];
  const CATEGORIES = ['infrastructure', 'orchestration', 'database', 'messaging', 'network', 'security', 'storage',
    'application', 'observability', 'cicd'];

  const state = {
    csrf: null,
    csrfHeader: 'X-CSRF-Token',
    events: [],            // newest first: {seq, data}
    bySeq: new Map(),
    byFingerprint: new Map(),  // latest event per fingerprint
    selected: null,
    filters: {},
    incidents: [],
    incidentsText: '',
    incidentsAvailable: true,
    overridesAvailable: true,
    feedbackAvailable: true,
    unseen: 0,
  };

  const $ = (id) => document.getElementById(id);

  // el('p', {class: 'x'}, 'text', child) — strings become text nodes; attributes are set one by one.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const fmtTime = (iso) => {
    if (!iso) return '—';
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1970 ? '—' : date.toLocaleString();
  };
  const shortTime = (iso) => {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString();
  };
  const alertName = (alert) => (alert && alert.labels && alert.labels.alertname) || '(no alertname)';
  const verdictOf = (event) => event.classification || null;

  function say(text, kind) {
    const box = $('message');
    box.textContent = text;
    box.className = 'message' + (kind ? ' ' + kind : '');
    box.hidden = !text;
  }

  // --- HTTP ---------------------------------------------------------------------------------------------------------

  async function api(method, url, body) {
    const headers = { Accept: 'application/json' };
    if (method !== 'GET') headers[state.csrfHeader] = state.csrf || '';
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(url, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      return { ok: false, status: 0, problem: 'The gateway did not answer.' };
    }
    if (response.status === 401) {
      window.location.assign('/ui/login');
      return { ok: false, status: 401, problem: 'Signed out.' };
    }
    let data = null;
    const type = response.headers.get('Content-Type') || '';
    if (type.includes('json')) {
      try { data = await response.json(); } catch (error) { data = null; }
    }
    const problem = response.ok ? null : (data && (data.detail || data.title)) || ('HTTP ' + response.status);
    return { ok: response.ok, status: response.status, data, problem };
  }

  async function loadSession() {
    const result = await api('GET', '/ui/api/session');
    if (!result.ok) {
      say(result.problem || 'Could not start the console.', 'error');
      return false;
    }
    state.csrf = result.data.csrfToken;
    state.csrfHeader = result.data.csrfHeader || state.csrfHeader;
    $('sign-out').hidden = !result.data.canSignOut;
    return true;
  }

  // --- Tabs ---------------------------------------------------------------------------------------------------------

  const tabs = () => Array.from(document.querySelectorAll('[role="tab"]'));

  function selectTab(tab, focus) {
    for (const other of tabs()) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      $(other.getAttribute('aria-controls')).hidden = !selected;
    }
    if (focus) tab.focus();
    if (tab.id === 'tab-incidents') refreshIncidents();
    if (tab.id === 'tab-overrides') refreshOverrides();
    if (tab.id === 'tab-service') refreshState();
  }

  function wireTabs() {
    for (const tab of tabs()) {
      tab.addEventListener('click', () => selectTab(tab, false));
      tab.addEventListener('keydown', (event) => {
        const all = tabs();
        const index = all.indexOf(tab);
        let next = null;
        if (event.key === 'ArrowRight') next = all[(index + 1) % all.length];
        if (event.key === 'ArrowLeft') next = all[(index - 1 + all.length) % all.length];
        if (event.key === 'Home') next = all[0];
        if (event.key === 'End') next = all[all.length - 1];
        if (next) {
          event.preventDefault();
          selectTab(next, true);
        }
      });
    }
  }

  // --- Feed ---------------------------------------------------------------------------------------------------------

  function connectFeed() {
    const source = new EventSource('/ui/api/events');
    source.addEventListener('open', () => setConnection('Live', 'live'));
    source.addEventListener('enriched', (message) => {
      let data;
      try { data = JSON.parse(message.data); } catch (error) { return; }
      addEvent(Number(message.lastEventId), data);
    });
    source.addEventListener('error', async () => {
      if (source.readyState === EventSource.CLOSED) {
        setConnection('Disconnected', 'down');
        // A closed stream is most often an expired session: the session check sends the page to the login form.
        if (await loadSession()) setTimeout(connectFeed, 3000);
      } else {
        setConnection('Reconnecting…', 'down');
      }
    });
  }

  function setConnection(text, kind) {
    const box = $('connection');
    box.textContent = text;
    box.className = 'connection ' + kind;
  }

  let renderPending = false;
  function addEvent(seq, data) {
    if (!data || !data.alert || state.bySeq.has(seq)) return;
    const entry = { seq, data };
    state.events.unshift(entry);
    state.bySeq.set(seq, entry);
    state.byFingerprint.set(data.alert.fingerprint, entry);
    while (state.events.length > MAX_EVENTS) {
      const dropped = state.events.pop();
      state.bySeq.delete(dropped.seq);
      if (state.byFingerprint.get(dropped.data.alert.fingerprint) === dropped) state.byFingerprint.delete(dropped.data.alert.fingerprint);
    }
    if (data.incident && data.incident.id) noteIncident(data.incident.id);
    if (matches(entry)) state.unseen += 1;
    // Storms arrive hundreds at a time: render once per frame.
    if (!renderPending) {
      renderPending = true;
      requestAnimationFrame(() => {
        renderPending = false;
        renderFeed();
        if (state.unseen > 0) {
          $('announcer').textContent = state.unseen === 1 ? '1 new event' : state.unseen + ' new events';
          state.unseen = 0;
        }
      });
    }
  }

  function matches(entry) {
    const f = state.filters;
    const event = entry.data;
    const verdict = verdictOf(event);
    if (f.severity && (verdict ? verdict.severity : 'none') !== f.severity) return false;
    if (f.category && (!verdict || verdict.category !== f.category)) return false;
    if (f.source && (verdict ? verdict.source : 'none') !== f.source) return false;
    if (f.mode && event.mode !== f.mode) return false;
    if (f.incident) {
      const id = event.incident && event.incident.id;
      if (f.incident === 'none' ? Boolean(id) : id !== f.incident) return false;
    }
    if (f.text) {
      const needle = f.text.toLowerCase();
      const labels = Object.entries(event.alert.labels || {}).map(([k, v]) => k + '=' + v).join(' ');
      const haystack = (labels + ' ' + (verdict ? verdict.summary : '') + ' ' + Object.values(event.alert.annotations || {}).join(' ')).toLowerCase();
      if (!haystack.includes(needle)) return false;
    }
    return true;
  }

  function badge(severity) {
    const name = severity || 'none';
    return el('span', { class: 'badge sev-' + name, text: severity || 'unclassified' });
  }

  function eventRow(entry) {
    const event = entry.data;
    const verdict = verdictOf(event);
    const summary = verdict ? verdict.summary : (event.alert.annotations && (event.alert.annotations.summary || event.alert.annotations.description)) || '';
    const meta = [
      verdict ? verdict.category : null,
      verdict ? 'by ' + verdict.source + (verdict.cache && verdict.cache !== 'none' ? ' (' + verdict.cache + ')' : '') : event.mode,
      event.incident ? 'incident ' + event.incident.id + ' · ' + event.incident.role : null,
      event.alert.labels && event.alert.labels.instance ? event.alert.labels.instance : null,
    ].filter(Boolean).join(' · ');
    const selected = state.selected === entry.seq;
    return el('li', {},
      el('button', {
        type: 'button', class: 'event' + (selected ? ' selected' : '') + (event.alert.status === 'resolved' ? ' resolved' : ''),
        'aria-pressed': String(selected), 'data-seq': entry.seq, onclick: () => openDetail(entry.seq),
      },
      el('span', { class: 'event-head' },
        badge(verdict && verdict.severity),
        el('span', { class: 'event-name', text: alertName(event.alert) }),
        event.alert.status === 'resolved' ? el('span', { class: 'tag', text: 'resolved' }) : null,
        el('time', { class: 'event-time', datetime: event.enrichedAt, text: shortTime(event.enrichedAt) })),
      summary ? el('span', { class: 'event-summary', text: summary }) : null,
      el('span', { class: 'event-meta', text: meta })));
  }

  // Rows are kept and reused: a row rebuilt between a press and its release would swallow the click.
  const rows = new Map();
  function cachedRow(entry) {
    const selected = state.selected === entry.seq;
    const cached = rows.get(entry.seq);
    if (cached && cached.selected === selected) return cached.node;
    const node = eventRow(entry);
    rows.set(entry.seq, { node, selected });
    return node;
  }

  function renderFeed() {
    const visible = state.events.filter(matches);
    const list = $('feed');
    for (const seq of rows.keys()) if (!state.bySeq.has(seq)) rows.delete(seq);
    const nodes = visible.slice(0, 300).map(cachedRow);
    const current = list.children;
    if (nodes.length !== current.length || nodes.some((node, i) => node !== current[i])) list.replaceChildren(...nodes);
    $('feed-empty').hidden = visible.length > 0;
    $('feed-empty').textContent = state.events.length === 0
      ? 'No events yet. Post alerts to /webhook or /api/v2/alerts and they appear here as they are enriched.'
      : 'No event matches the filters.';
    $('feed-count').textContent = state.events.length ? String(visible.length) : '';
  }

  function wireFilters() {
    const form = $('filters');
    const read = () => {
      const data = new FormData(form);
      const filters = Object.fromEntries(Array.from(data.entries()).filter(([, v]) => v !== ''));
      // A field's change event repeats its input event when it loses focus: nothing to redraw then.
      if (JSON.stringify(filters) === JSON.stringify(state.filters)) return;
      state.filters = filters;
      renderFeed();
    };
    form.addEventListener('input', read);
    form.addEventListener('change', read);
    form.addEventListener('reset', () => setTimeout(read, 0));
    form.addEventListener('submit', (event) => event.preventDefault());
  }

  function noteIncident(id) {
    const select = $('incident-filter');
    if (Array.from(select.options).some((o) => o.value === id)) return;
    select.append(el('option', { value: id, text: id }));
  }

  // --- Detail -------------------------------------------------------------------------------------------------------

  function dl(pairs) {
    return el('dl', { class: 'pairs' }, pairs.filter(([, v]) => v !== undefined).map(([k, v]) => [
      el('dt', { text: k }), el('dd', {}, v === null || v === '' ? el('span', { class: 'muted', text: 'not set' }) : v),
    ]));
  }

  function mapTable(caption, map) {
    const entries = Object.entries(map || {});
    if (entries.length === 0) return el('p', { class: 'muted', text: 'No ' + caption.toLowerCase() + '.' });
    return el('table', { class: 'kv' },
      el('caption', { text: caption }),
      el('tbody', {}, entries.map(([k, v]) => el('tr', {}, el('th', { scope: 'row', text: k }), el('td', { text: v })))));
  }

  function safeLink(url) {
    // Only http(s) links are followed; anything else is shown as text.
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
        return el('a', { href: parsed.href, rel: 'noopener noreferrer nofollow', target: '_blank', text: url });
      }
    } catch (error) { /* not a URL */ }
    return el('span', { text: url });
  }

  function openDetail(seq) {
    const entry = state.bySeq.get(seq);
    if (!entry) return;
    state.selected = seq;
    const event = entry.data;
    const alert = event.alert;
    const verdict = verdictOf(event);
    const panel = $('detail');
    const title = el('h2', { id: 'detail-title', tabindex: '-1', text: alertName(alert) });
    const close = el('button', { type: 'button', class: 'quiet close', 'aria-label': 'Close the details', text: 'Close', onclick: closeDetail });

    const verdictSection = verdict
      ? el('section', { 'aria-labelledby': 'h-verdict' },
        el('h3', { id: 'h-verdict', text: 'Verdict' }),
        el('p', { class: 'verdict' }, badge(verdict.severity), ' ', el('strong', { text: verdict.category }),
          ' ', el('span', { class: 'muted', text: 'confidence ' + Math.round((verdict.confidence || 0) * 100) + '%' })),
        el('p', { class: 'summary', text: verdict.summary }),
        verdict.reasoning ? el('p', { class: 'muted', text: verdict.reasoning }) : null,
        verdict.recommendations && verdict.recommendations.length
          ? el('ol', { class: 'steps' }, verdict.recommendations.map((r) => el('li', { text: r }))) : null,
        el('h4', { text: 'Provenance' }),
        dl([['source', verdict.source], ['cache', verdict.cache], ['provider', verdict.provider], ['model', verdict.model],
          ['degradedReason', verdict.degradedReason]]))
      : el('section', { 'aria-labelledby': 'h-verdict' },
        el('h3', { id: 'h-verdict', text: 'Verdict' }),
        el('p', { class: 'muted', text: 'No verdict: in ' + event.mode + ' mode the alert passes untouched.' }));

    const history = event.history;
    const historySection = el('section', { 'aria-labelledby': 'h-history' },
      el('h3', { id: 'h-history', text: 'History' }),
      history ? dl([['first seen', fmtTime(history.firstSeen)], ['fired in 7 days', String(history.fired7d)],
        ['median time to resolve', history.medianResolveSeconds == null ? null : Math.round(history.medianResolveSeconds) + ' s'],
        ['novelty', history.novelty], ['flapping', history.flapping ? 'yes' : 'no'], ['transient', history.transient ? 'yes' : 'no']])
        : el('p', { class: 'muted', text: 'Nothing recorded for this signature.' }));

    const incident = event.incident;
    const incidentSection = el('section', { 'aria-labelledby': 'h-incident' },
      el('h3', { id: 'h-incident', text: 'Incident' }),
      incident ? el('div', {}, dl([['id', incident.id], ['role', incident.role], ['size', String(incident.size)]]),
        el('button', { type: 'button', class: 'quiet', text: 'Show this incident', onclick: () => showIncident(incident.id) }))
        : el('p', { class: 'muted', text: 'Not part of an incident.' }));

    const alertSection = el('section', { 'aria-labelledby': 'h-alert' },
      el('h3', { id: 'h-alert', text: 'Alert' }),
      dl([['status', alert.status], ['fingerprint', el('code', { text: alert.fingerprint })], ['mode', event.mode],
        ['starts', fmtTime(alert.startsAt)], ['ends', fmtTime(alert.endsAt)], ['received', fmtTime(event.receivedAt)],
        ['enriched', fmtTime(event.enrichedAt)], ['generator', alert.generatorURL ? safeLink(alert.generatorURL) : null]]),
      mapTable('Labels', alert.labels),
      mapTable('Annotations', alert.annotations));

    panel.replaceChildren(
      el('div', { class: 'detail-head' }, title, close),
      verdictSection, correctionForm(event), historySection, incidentSection, alertSection);
    panel.hidden = false;
    $('split').classList.add('with-detail');
    renderFeed();
    title.focus();
  }

  function closeDetail() {
    const seq = state.selected;
    state.selected = null;
    $('detail').hidden = true;
    $('split').classList.remove('with-detail');
    renderFeed();
    const row = document.querySelector('.event[data-seq="' + seq + '"]');
    if (row) row.focus();
  }

  function options(values, current) {
    return values.map((v) => el('option', { value: v, selected: v === current, text: v }));
  }

  function correctionForm(event) {
    if (!state.feedbackAvailable) {
      return el('section', { class: 'correction' }, el('h3', { text: 'Correct this verdict' }),
        el('p', { class: 'muted', text: 'This gateway takes no corrections (POST /api/v1/feedback is not served).' }));
    }
    const verdict = verdictOf(event);
    const status = el('p', { class: 'form-status', role: 'status', 'aria-live': 'polite' });
    const severity = el('select', { id: 'fix-severity', name: 'severity' }, options(SEVERITIES, verdict && verdict.severity));
    const category = el('select', { id: 'fix-category', name: 'category' }, options(CATEGORIES, verdict && verdict.category));
    const note = el('input', { id: 'fix-note', name: 'note', type: 'text', maxlength: '500', autocomplete: 'off', placeholder: 'why (optional)' });
    const form = el('form', { class: 'correction', 'aria-labelledby': 'h-correct' },
      el('h3', { id: 'h-correct', text: 'Correct this verdict' }),
      el('p', { class: 'help', text: 'Applies to every later alert of this signature, ahead of the cache and the model.' }),
      el('div', { class: 'fields' },
        el('label', { for: 'fix-severity' }, 'Severity', severity),
        el('label', { for: 'fix-category' }, 'Category', category),
        el('label', { for: 'fix-note', class: 'grow' }, 'Note', note)),
      el('button', { type: 'submit', class: 'primary', text: 'Save correction' }),
      status);
    form.addEventListener('submit', async (submit) => {
      submit.preventDefault();
      const body = { fingerprint: event.alert.fingerprint, severity: severity.value, category: category.value };
      if (note.value.trim()) body.note = note.value.trim();
      status.textContent = 'Saving…';
      const result = await api('POST', '/api/v1/feedback', body);
      if (result.status === 404 && !(result.data && result.data.field)) {
        state.feedbackAvailable = false;
        status.textContent = 'This gateway takes no corrections.';
        return;
      }
      status.textContent = result.ok
        ? 'Saved: later alerts of this signature get ' + severity.value + ' / ' + category.value + '.'
        : 'Not saved: ' + result.problem;
      status.className = 'form-status ' + (result.ok ? 'ok' : 'error');
      if (result.ok) refreshOverrides();
    });
    return form;
  }

  // --- Incidents ----------------------------------------------------------------------------------------------------

  function showIncident(id) {
    selectTab($('tab-incidents'), true);
    refreshIncidents().then(() => {
      const card = document.querySelector('[data-incident="' + CSS.escape(id) + '"]');
      if (card) {
        card.scrollIntoView({ block: 'start' });
        card.focus();
      }
    });
  }

  function memberName(fingerprint) {
    const entry = state.byFingerprint.get(fingerprint);
    return entry ? alertName(entry.data.alert) + (entry.data.alert.labels.instance ? ' · ' + entry.data.alert.labels.instance : '') : fingerprint;
  }

  function memberItem(fingerprint, isRoot) {
    const entry = state.byFingerprint.get(fingerprint);
    const label = el('span', {}, isRoot ? el('span', { class: 'tag root', text: 'root' }) : null, ' ', memberName(fingerprint));
    return el('li', {}, entry
      ? el('button', { type: 'button', class: 'link', onclick: () => { selectTab($('tab-feed'), false); openDetail(entry.seq); } }, label)
      : label);
  }

  const plural = (n, word) => n + ' ' + word + (n === 1 ? '' : 's');

  function incidentCard(incident) {
    const digest = incident.digest;
    const title = (digest && digest.title) || ('Incident ' + incident.id);
    const members = incident.members || [];
    return el('article', { class: 'card incident', 'data-incident': incident.id, tabindex: '-1', 'aria-label': title },
      el('header', { class: 'card-head' },
        el('h3', { text: title }),
        el('span', { class: 'tag ' + (incident.status === 'open' ? 'open' : 'done'), text: incident.status })),
      el('p', { class: 'muted' }, incident.id + ' · ' + plural(incident.size || members.length, 'alert')
        + (incident.firing != null ? ', ' + incident.firing + ' firing' : '')
        + ' · opened ' + fmtTime(incident.openedAt) + ' · updated ' + fmtTime(incident.updatedAt)),
      digest ? el('p', { class: 'summary', text: digest.summary }) : el('p', { class: 'muted', text: 'No digest yet.' }),
      digest && digest.steps && digest.steps.length ? el('ol', { class: 'steps' }, digest.steps.map((s) => el('li', { text: s }))) : null,
      digest ? el('p', { class: 'muted small', text: 'digest by ' + digest.source + (digest.model ? ' (' + digest.model + ')' : '') }) : null,
      el('h4', { text: 'Root' }),
      el('p', {}, incident.root ? memberName(incident.root) : el('span', { class: 'muted', text: 'none identified' })),
      el('details', { open: members.length <= 8 },
        el('summary', { text: 'Members (' + members.length + ')' }),
        el('ul', { class: 'members' }, members.map((m) => memberItem(m, m === incident.root)))),
      el('button', { type: 'button', class: 'quiet', text: 'Show in the feed', onclick: () => filterByIncident(incident.id) }));
  }

  function filterByIncident(id) {
    noteIncident(id);
    const select = $('incident-filter');
    select.value = id;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    selectTab($('tab-feed'), true);
  }

  async function refreshIncidents() {
    if (!state.incidentsAvailable) return;
    const result = await api('GET', '/api/v1/incidents');
    if (result.status === 404) {
      // This gateway does not correlate incidents: the view goes away.
      state.incidentsAvailable = false;
      $('tab-incidents').hidden = true;
      return;
    }
    if (!result.ok) {
      $('incidents-empty').hidden = false;
      $('incidents-empty').textContent = 'Incidents could not be read: ' + result.problem;
      return;
    }
    // Redrawn only when something changed: a redraw would close the member lists a reader opened.
    const text = JSON.stringify(result.data.incidents || []);
    if (text === state.incidentsText) return;
    state.incidentsText = text;
    // Open first, the largest first: a storm matters more than an alert that is an incident of its own.
    state.incidents = (result.data.incidents || []).slice().sort((a, b) =>
      (a.status === 'open' ? 0 : 1) - (b.status === 'open' ? 0 : 1)
      || (b.size || 0) - (a.size || 0)
      || String(b.updatedAt).localeCompare(String(a.updatedAt)));
    const open = state.incidents.filter((i) => i.status === 'open');
    state.incidents.forEach((i) => noteIncident(i.id));
    $('incident-count').textContent = open.length ? String(open.length) : '';
    $('incidents-empty').hidden = state.incidents.length > 0;
    $('incidents-empty').textContent = 'No open incidents.';
    $('incidents').replaceChildren(...state.incidents.map(incidentCard));
  }

  // --- Corrections --------------------------------------------------------------------------------------------------

  async function refreshOverrides() {
    if (!state.overridesAvailable) return;
    const result = await api('GET', '/api/v1/overrides');
    if (result.status === 404 && !(result.data && result.data.field)) {
      state.overridesAvailable = false;
      state.feedbackAvailable = false;
      $('tab-overrides').hidden = true;
      return;
    }
    if (!result.ok) {
      $('overrides-empty').hidden = false;
      $('overrides-empty').textContent = 'Corrections could not be read: ' + result.problem;
      return;
    }
    const overrides = result.data.overrides || [];
    $('override-count').textContent = overrides.length ? String(overrides.length) : '';
    $('overrides-empty').hidden = overrides.length > 0;
    $('overrides-empty').textContent = 'No corrections in force.';
    $('overrides-table').hidden = overrides.length === 0;
    $('overrides').replaceChildren(...overrides.map(overrideRow));
  }

  function overrideRow(o) {
    const labels = (o.alert && o.alert.labels) || {};
    const name = labels.alertname || '(signature)';
    const before = o.before ? o.before.severity + ' / ' + o.before.category + (o.before.source ? ' (' + o.before.source + ')' : '') : '—';
    const remove = el('button', { type: 'button', class: 'danger', text: 'Remove', 'aria-label': 'Remove the correction of ' + name });
    remove.addEventListener('click', async () => {
      if (!window.confirm('Remove the correction of ' + name + '? Later alerts of this signature are classified again.')) return;
      const result = await api('DELETE', '/api/v1/overrides/' + encodeURIComponent(o.signature));
      say(result.ok ? 'Correction of ' + name + ' removed.' : 'Not removed: ' + result.problem, result.ok ? 'ok' : 'error');
      refreshOverrides();
    });
    return el('tr', {},
      el('td', {}, el('strong', { text: name }), el('br'), el('code', { class: 'small', title: o.signature, text: String(o.signature).slice(0, 16) })),
      el('td', {}, badge(o.severity), ' ', o.category || ''),
      el('td', { text: before }),
      el('td', { text: o.note || '' }),
      el('td', { text: o.by || '' }),
      el('td', {}, el('time', { datetime: o.at, text: fmtTime(o.at) })),
      el('td', {}, remove));
  }

  // --- Mode and service state ---------------------------------------------------------------------------------------

  function wireMode() {
    $('mode-form').addEventListener('submit', async (event) => {
      event.preventDefault();
      const mode = $('mode-select').value;
      const result = await api('PUT', '/api/v1/enrichment/mode', { mode });
      if (result.ok) {
        say('Mode switched to ' + result.data.mode + ' (' + result.data.source + '). Workers apply it from their next batch.', 'ok');
        refreshState();
      } else {
        say('Mode not switched: ' + result.problem, 'error');
      }
    });
  }

  function chip(text, kind, title) {
    return el('span', { class: 'chip ' + (kind || ''), title: title || null, text });
  }

  const pct = (ratio) => (ratio == null ? 'no lookups' : Math.round(ratio * 1000) / 10 + '%');

  function windowName(minutes) {
    if (minutes >= 59) return 'Last hour';
    const whole = Math.max(1, Math.round(minutes));
    return 'Since start (' + (minutes < 1 ? 'under a minute' : whole + ' min') + ')';
  }

  function workerCard(w) {
    const circuits = Object.entries(w.circuits || {});
    const outcomes = Object.entries(w.outcomes || {}).map(([k, v]) => k + ' ' + v).join(', ');
    const enriched = Object.entries(w.enriched || {});
    const total = enriched.reduce((n, [, v]) => n + v, 0);
    return el('article', { class: 'card' },
      el('h3', { text: 'Model · ' + w.reporter }),
      el('h4', { text: 'Circuit breaker' }),
      circuits.length
        ? el('ul', { class: 'plain' }, circuits.map(([provider, s]) => el('li', {}, el('span', { class: 'chip ' + (s === 'closed' ? 'ok' : 'bad'), text: s }), ' ', provider)))
        : el('p', { class: 'muted', text: 'No model configured: the rules answer.' }),
      el('h4', { text: windowName(w.windowMinutes) }),
      dl([
        ['model calls', String(w.calls) + (outcomes ? ' (' + outcomes + ')' : '')],
        ['tokens', String(w.tokens)],
        ['cost', w.cost == null ? 'not counted (no prices configured)' : String(w.cost)],
        ['cache hit ratio', pct(w.cacheHitRatio) + (w.cacheLookups ? ' of ' + w.cacheLookups + ' lookups' : '')],
        ['events enriched', total + (total ? ' (' + enriched.map(([k, v]) => k + ' ' + v).join(', ') + ')' : '')],
      ]),
      el('h4', { text: 'Budgets left' }),
      w.budgets && w.budgets.length
        ? el('ul', { class: 'plain' }, w.budgets.map((b) => el('li', {},
          el('code', { text: b.variable }), ': ≈ ' + (b.left == null ? 'unknown' : Math.round(b.left * 100) / 100) + ' of ' + b.limit + ' per ' + b.per)))
        : el('p', { class: 'muted', text: 'No budget configured.' }));
  }

  function renderService(s) {
    const cards = [];
    cards.push(el('article', { class: 'card' },
      el('h3', { text: 'Mode' }),
      dl([['current', s.mode.mode], ['from', s.mode.source]]),
      el('h3', { text: 'This gateway' }),
      dl([['roles', s.process.roles], ['transport', s.process.transport], ['Redis', s.process.redis ? 'yes' : 'no'], ['open consoles', String(s.process.openConsoles)]])));
    if (s.model.known) {
      cards.push(...s.model.workers.map(workerCard));
    } else {
      cards.push(el('article', { class: 'card' }, el('h3', { text: 'Model' }),
        el('p', {}, el('span', { class: 'chip unknown', text: 'unknown' }), ' ', s.model.reason)));
    }
    const queues = s.queues;
    cards.push(el('article', { class: 'card' }, el('h3', { text: 'Queues' }),
      queues.known
        ? el('table', { class: 'queues' },
          el('caption', { class: 'sr-only', text: 'Queue depth and consumers' }),
          el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'queue' }), el('th', { scope: 'col', text: 'messages' }), el('th', { scope: 'col', text: 'consumers' }))),
          el('tbody', {}, queues.items.map((q) => el('tr', { class: q.name.endsWith('_error') && q.messages > 0 ? 'bad' : null },
            el('th', { scope: 'row', text: q.name }),
            el('td', { text: q.exists ? String(q.messages) : 'not declared' }),
            el('td', { text: q.exists ? String(q.consumers) : '—' })))))
        : el('p', {}, el('span', { class: 'chip unknown', text: 'unknown' }), ' ', queues.reason)));
    $('service').replaceChildren(...cards);
  }

  function renderChips(s) {
    const chips = [chip(s.mode.mode, 'mode', 'current mode')];
    if (s.model.known) {
      const states = s.model.workers.flatMap((w) => Object.entries(w.circuits || {}));
      const open = states.filter(([, v]) => v !== 'closed');
      chips.push(open.length
        ? chip('circuit ' + open.map(([p, v]) => p + ' ' + v).join(', '), 'bad')
        : chip(states.length ? 'model healthy' : 'rules only', 'ok'));
    }
    if (s.queues.known) {
      const errors = s.queues.items.filter((q) => q.name.endsWith('_error')).reduce((n, q) => n + q.messages, 0);
      chips.push(chip(errors ? errors + ' in error queues' : 'error queues empty', errors ? 'bad' : 'ok'));
    }
    $('chips').replaceChildren(...chips);
    const select = $('mode-select');
    if (document.activeElement !== select) select.value = s.mode.mode;
  }

  async function refreshState() {
    const result = await api('GET', '/ui/api/state');
    if (!result.ok) return;
    renderChips(result.data);
    if (!$('view-service').hidden) renderService(result.data);
  }

  // --- Start --------------------------------------------------------------------------------------------------------

  async function start() {
    wireTabs();
    wireFilters();
    wireMode();
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && state.selected !== null) closeDetail();
    });
    $('sign-out').addEventListener('click', async () => {
      await api('POST', '/ui/logout');
      window.location.assign('/ui/login');
    });
    if (!await loadSession()) return;
    connectFeed();
    refreshState();
    refreshIncidents();
    refreshOverrides();
    setInterval(refreshState, 5000);
    setInterval(refreshIncidents, 5000);
  }

  document.addEventListener('DOMContentLoaded', start);
})();
