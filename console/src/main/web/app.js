// The Insight web console: accounts, files, chat with streaming answers, history and search, on the gateway's
// public API. Everything the server sends is put into the page as text (see dom.js); the only markup taken from
// the server is the <mark> of search snippets, rebuilt element by element (views.js).

import { ApiError, chatStream, get, onUnauthorized, post, query, request, upload } from './api.js';
import { chartLabel, chartSpec, drawChart } from './chart.js';
import { byId, clear, h, show, timeElement } from './dom.js';
import { fileRow, resultTable, snippet, summaryView } from './views.js';

const POLL_MS = 1000;
const PAGE = 20;
const MESSAGE_PAGES = 10;

const state = {
  user: null,
  files: new Map(),
  inPlay: new Set(),
  uploadedHere: new Set(),
  conversationId: null,
  conversations: [],
  conversationsCursor: null,
  search: { q: '', cursor: null, count: 0 },
  charts: [],
  logGeneration: 0,
  streaming: null,
  pollTimer: null,
  readyKey: '',
};

const el = Object.fromEntries([
  'loading', 'auth-view', 'app-view', 'session', 'whoami', 'logout', 'notice', 'notice-text', 'notice-close',
  'login-form', 'login-username', 'login-password', 'login-error',
  'register-form', 'register-username', 'register-password', 'register-error', 'register-done',
  'upload-form', 'upload-input', 'upload-button', 'upload-progress', 'upload-progress-label', 'upload-bar', 'upload-error',
  'files-empty', 'file-list', 'files-status',
  'search-form', 'search-input', 'search-results', 'search-title', 'search-summary', 'search-list', 'search-more', 'search-clear',
  'new-conversation', 'conversations-empty', 'conversation-list', 'conversations-more',
  'chat-title', 'chat-log', 'chat-empty', 'chat-form', 'files-in-play-empty', 'files-in-play-list', 'question',
  'ask-button', 'stop-button', 'chat-error',
  'summary-dialog', 'summary-title', 'summary-body',
].map((id) => [id.replace(/-([a-z])/g, (m, c) => c.toUpperCase()), byId(id)]));

// ---------------------------------------------------------------------------------------------- messages to the user

function notify(message) {
  el.noticeText.textContent = message;
  show(el.notice);
}

function dismissNotice() {
  show(el.notice, false);
  el.noticeText.textContent = '';
}

/** Runs an action for a form: its submit button is disabled meanwhile, its error paragraph gets the failure. */
async function busy(form, errorElement, action) {
  const button = form.querySelector('button[type="submit"]');
  if (button) button.disabled = true;
  form.setAttribute('aria-busy', 'true');
  if (errorElement) errorElement.textContent = '';
  try {
    await action();
  } catch (error) {
    if (errorElement) errorElement.textContent = error.message;
    else notify(error.message);
  } finally {
    if (button) button.disabled = false;
    form.removeAttribute('aria-busy');
  }
}

// ---------------------------------------------------------------------------------------------- session

function showAuth() {
  show(el.loading, false);
  show(el.appView, false);
  show(el.session, false);
  show(el.authView);
}

function enterApp(user) {
  state.user = user;
  el.whoami.textContent = user.username;
  show(el.loading, false);
  show(el.authView, false);
  show(el.session);
  show(el.appView);
  el.loginError.textContent = '';
  el.registerDone.textContent = '';
  dismissNotice();
  newConversation(false);
  Promise.all([loadFiles(), loadConversations(false)]).catch((error) => notify(error.message));
  el.question.focus();
}

/** Forgets everything about the signed-in user (the server has already ended or will end the session). */
function leaveApp() {
  state.streaming?.abort();
  clearTimeout(state.pollTimer);
  state.pollTimer = null;
  state.user = null;
  state.files.clear();
  state.inPlay.clear();
  state.uploadedHere.clear();
  state.conversations = [];
  state.conversationsCursor = null;
  state.readyKey = '';
  clearLog();
  clear(el.fileList);
  clear(el.filesInPlayList);
  clear(el.conversationList);
  clearSearch();
  show(el.uploadProgress, false);
  el.uploadError.textContent = '';
  el.chatError.textContent = '';
  el.question.value = '';
  if (el.summaryDialog.open) el.summaryDialog.close();
  showAuth();
}

onUnauthorized((error) => {
  if (!state.user) return;
  leaveApp();
  notify(error.message);
  el.loginUsername.focus();
});

el.loginForm.addEventListener('submit', (event) => {
  event.preventDefault();
  busy(el.loginForm, el.loginError, async () => {
    const answer = await post('/api/auth/login',
      { username: el.loginUsername.value.trim(), password: el.loginPassword.value }, { expectUnauthorized: true })
      .catch((error) => {
        el.loginPassword.select();
        throw error;
      });
    el.loginPassword.value = '';
    enterApp(answer.user);
  });
});

el.registerForm.addEventListener('submit', (event) => {
  event.preventDefault();
  el.registerDone.textContent = '';
  busy(el.registerForm, el.registerError, async () => {
    const created = await post('/api/auth/register',
      { username: el.registerUsername.value.trim(), password: el.registerPassword.value });
    el.registerForm.reset();
    el.registerDone.textContent = `Account “${created.username}” created. Log in with it.`;
    el.loginUsername.value = created.username;
    el.loginPassword.focus();
  });
});

el.logout.addEventListener('click', async () => {
  el.logout.disabled = true;
  try {
    await post('/api/auth/logout', undefined, { expectUnauthorized: true });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) notify(error.message);
  } finally {
    el.logout.disabled = false;
  }
  leaveApp();
  el.loginUsername.focus();
});

el.noticeClose.addEventListener('click', dismissNotice);

// ---------------------------------------------------------------------------------------------- files

const FINAL = new Set(['READY', 'FAILED']);

async function loadFiles() {
  const page = await get(`/api/files${query({ limit: 200 })}`);
  state.files.clear();
  for (const file of page.items ?? []) state.files.set(file.id, file);
  renderFiles();
  schedulePoll();
}

function sortedFiles() {
  return [...state.files.values()].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
}

function renderFiles() {
  const files = sortedFiles();
  show(el.filesEmpty, files.length === 0);
  // rows are replaced only when they changed, so keyboard focus on the other rows survives polling
  const existing = new Map([...el.fileList.children].map((li) => [li.dataset.fileId, li]));
  let previous = null;
  for (const file of files) {
    let li = existing.get(file.id);
    existing.delete(file.id);
    if (!li || li.dataset.status !== file.status) {
      const row = fileRow(file);
      if (li) li.replaceWith(row);
      li = row;
    }
    if (previous ? previous.nextElementSibling !== li : el.fileList.firstElementChild !== li) {
      if (previous) previous.after(li);
      else el.fileList.prepend(li);
    }
    previous = li;
  }
  existing.forEach((li) => li.remove());
  renderFilesInPlay();
}

function renderFilesInPlay() {
  const ready = sortedFiles().filter((f) => f.status === 'READY');
  for (const id of [...state.inPlay]) if (!ready.some((f) => f.id === id)) state.inPlay.delete(id);
  const key = ready.map((f) => `${f.id}:${state.inPlay.has(f.id)}`).join(',');
  if (key === state.readyKey) return;
  state.readyKey = key;
  show(el.filesInPlayEmpty, ready.length === 0);
  el.filesInPlayList.replaceChildren(...ready.map((file) => {
    const id = `in-play-${file.id}`;
    const box = h('input', { type: 'checkbox', id, name: 'fileIds', value: file.id, checked: state.inPlay.has(file.id) });
    box.addEventListener('change', () => {
      if (box.checked) state.inPlay.add(file.id);
      else state.inPlay.delete(file.id);
      state.readyKey = '';
    });
    return h('li', {}, box, h('label', { for: id }, file.name));
  }));
}

function schedulePoll() {
  if (state.pollTimer || !state.user) return;
  if (![...state.files.values()].some((f) => !FINAL.has(f.status))) return;
  state.pollTimer = setTimeout(pollFiles, POLL_MS);
}

async function pollFiles() {
  state.pollTimer = null;
  const pending = [...state.files.values()].filter((f) => !FINAL.has(f.status));
  for (const file of pending) {
    try {
      const fresh = await get(`/api/files/${encodeURIComponent(file.id)}`);
      if (!state.files.has(file.id)) continue;
      state.files.set(fresh.id, fresh);
      if (fresh.status !== file.status) fileChanged(fresh);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) state.files.delete(file.id);
      else if (error instanceof ApiError && error.status === 401) return;
      // anything else (a restart, a blip): keep polling
    }
  }
  renderFiles();
  schedulePoll();
}

function fileChanged(file) {
  if (el.uploadProgress.dataset.fileId === file.id) {
    el.uploadProgressLabel.textContent = file.status === 'READY' ? `${file.name} is ready.` : `${file.name} could not be processed.`;
  }
  if (file.status === 'READY') {
    if (state.uploadedHere.has(file.id)) state.inPlay.add(file.id);
    el.filesStatus.textContent = `${file.name} is ready.`;
  } else if (file.status === 'FAILED') {
    el.filesStatus.textContent = `${file.name} could not be processed${file.error ? `: ${file.error}` : '.'}`;
  }
}

el.uploadForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const file = el.uploadInput.files[0];
  if (!file) {
    el.uploadError.textContent = 'Choose a file first.';
    return;
  }
  busy(el.uploadForm, el.uploadError, async () => {
    show(el.uploadProgress);
    el.uploadBar.value = 0;
    el.uploadProgressLabel.textContent = `Uploading ${file.name}…`;
    el.uploadProgress.dataset.state = 'uploading';
    delete el.uploadProgress.dataset.fileId;
    const sending = upload(file, (fraction) => {
      const percent = Math.round(fraction * 100);
      el.uploadBar.value = percent;
      el.uploadProgressLabel.textContent = `Uploading ${file.name}… ${percent}%`;
    });
    try {
      const created = await sending.promise;
      el.uploadProgress.dataset.state = 'done';
      el.uploadProgress.dataset.fileId = created.id;
      el.uploadProgressLabel.textContent = `Uploaded ${file.name}; processing it now.`;
      el.uploadForm.reset();
      state.uploadedHere.add(created.id);
      state.files.set(created.id, created);
      renderFiles();
      schedulePoll();
    } catch (error) {
      el.uploadProgress.dataset.state = 'failed';
      el.uploadProgressLabel.textContent = `${file.name} was not uploaded.`;
      throw error;
    }
  });
});

el.fileList.addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-action]');
  if (!button) return;
  const file = state.files.get(button.dataset.fileId);
  if (!file) return;
  if (button.dataset.action === 'summary') openSummary(file);
  if (button.dataset.action === 'delete') {
    if (!window.confirm(`Delete ${file.name}? Conversations keep their answers.`)) return;
    button.disabled = true;
    try {
      await request('DELETE', `/api/files/${encodeURIComponent(file.id)}`);
      state.files.delete(file.id);
      state.inPlay.delete(file.id);
      el.filesStatus.textContent = `${file.name} deleted.`;
      renderFiles();
    } catch (error) {
      button.disabled = false;
      notify(error.message);
    }
  }
});

async function openSummary(file) {
  el.summaryTitle.textContent = `Summary of ${file.name}`;
  el.summaryBody.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
  el.summaryBody.setAttribute('aria-busy', 'true');
  if (!el.summaryDialog.open) el.summaryDialog.showModal();
  try {
    const summary = await get(`/api/files/${encodeURIComponent(file.id)}/summary`);
    el.summaryBody.replaceChildren(...summaryView(file, summary));
  } catch (error) {
    el.summaryBody.replaceChildren(h('p', { class: 'form-error', role: 'alert' }, error.message));
  } finally {
    el.summaryBody.removeAttribute('aria-busy');
  }
}

// ---------------------------------------------------------------------------------------------- chat

function clearLog() {
  state.logGeneration += 1;
  for (const chart of state.charts) chart.dispose();
  state.charts = [];
  el.chatLog.replaceChildren(el.chatEmpty);
  show(el.chatEmpty);
}

function scrollToEnd() {
  el.chatLog.scrollTop = el.chatLog.scrollHeight;
}

function userMessage(text, id) {
  return h('article', { class: 'msg msg-user', dataset: { messageId: id ?? null } },
    h('h3', { class: 'visually-hidden' }, 'You asked'),
    h('p', { class: 'msg-text' }, text));
}

function assistantMessage(id) {
  const answer = h('p', { class: 'msg-text answer', 'aria-live': 'polite' });
  const result = h('div', { class: 'result' });
  const meta = h('p', { class: 'msg-meta' });
  const article = h('article', { class: 'msg msg-assistant', dataset: { messageId: id ?? null } },
    h('h3', { class: 'visually-hidden' }, 'Insight answered'), answer, result, meta);
  return { article, answer, result, meta };
}

/** The table, its chart and the SQL of an answer. */
function renderResult(container, table, sql) {
  if (table && Array.isArray(table.columns) && table.columns.length > 0) {
    container.append(resultTable(table, 'Result table'));
    const spec = chartSpec(table);
    if (spec) {
      const chart = h('div', { class: 'chart', role: 'img', 'aria-label': chartLabel(spec), dataset: { kind: spec.kind } });
      container.append(chart);
      const generation = state.logGeneration;
      drawChart(chart, spec).then((handle) => {
        if (generation === state.logGeneration) state.charts.push(handle);
        else handle.dispose();
      }).catch((error) => {
        chart.replaceWith(h('p', { class: 'hint' }, `The chart could not be drawn (${error.message}).`));
      });
    }
  }
  if (sql) {
    container.append(h('details', { class: 'sql' }, h('summary', {}, 'SQL'), h('pre', {}, h('code', {}, sql))));
  }
}

function describeReply(reply) {
  const parts = [];
  if (reply.provider) parts.push(reply.model ? `${reply.provider} · ${reply.model}` : reply.provider);
  if (reply.cached) parts.push('cached answer');
  return parts.join(' · ');
}

async function ask(question) {
  const fileIds = [...state.inPlay].filter((id) => state.files.get(id)?.status === 'READY');
  el.chatError.textContent = '';
  show(el.chatEmpty, false);
  el.chatLog.append(userMessage(question));
  const message = assistantMessage();
  message.article.dataset.state = 'streaming';
  message.article.setAttribute('aria-busy', 'true');
  message.answer.textContent = '…';
  el.chatLog.append(message.article);
  scrollToEnd();

  const controller = new AbortController();
  state.streaming = controller;
  el.askButton.disabled = true;
  show(el.stopButton);
  const body = { message: question, fileIds };
  if (state.conversationId) body.conversationId = state.conversationId;
  let text = '';
  let done = null;
  try {
    for await (const event of chatStream(body, controller.signal)) {
      if (event.type === 'delta') {
        text += event.data?.text ?? '';
        message.answer.textContent = text;
        scrollToEnd();
      } else if (event.type === 'done') {
        done = event.data;
      } else if (event.type === 'error') {
        throw new ApiError(event.data?.status ?? 500, event.data);
      }
    }
    if (!done) throw new ApiError(0, { detail: 'The answer stopped before it was complete; ask again.' });
    if (!text) message.answer.textContent = '';
    message.article.dataset.messageId = done.messageId ?? '';
    renderResult(message.result, done.table, done.sql);
    message.meta.textContent = describeReply(done);
    message.article.dataset.state = 'done';
    const started = !state.conversationId;
    state.conversationId = done.conversationId;
    el.chatLog.dataset.conversationId = done.conversationId;
    await loadConversations(false, true).catch((error) => notify(error.message));
    if (started) el.chatTitle.textContent = conversationTitle(state.conversations.find((c) => c.id === done.conversationId));
  } catch (error) {
    if (error.name === 'AbortError') {
      message.article.dataset.state = 'stopped';
      message.meta.textContent = 'Stopped.';
      if (!text) message.answer.textContent = '';
    } else {
      message.article.dataset.state = 'error';
      if (!text) message.answer.textContent = '';
      message.result.append(h('p', { class: 'form-error' }, error.message));
      el.chatError.textContent = error.message;
      if (!el.question.value) el.question.value = question;
    }
  } finally {
    message.article.removeAttribute('aria-busy');
    if (state.streaming === controller) state.streaming = null;
    el.askButton.disabled = false;
    show(el.stopButton, false);
    scrollToEnd();
  }
}

el.chatForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const question = el.question.value.trim();
  if (!question || state.streaming) return;
  el.question.value = '';
  ask(question);
});

el.question.addEventListener('keydown', (event) => {
  // Enter asks, Shift+Enter starts a new line
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    el.chatForm.requestSubmit();
  }
});

el.stopButton.addEventListener('click', () => state.streaming?.abort());

// ---------------------------------------------------------------------------------------------- history

function conversationTitle(conversation) {
  return conversation?.title?.trim() || 'Untitled conversation';
}

/** The first page again (after an answer, say); older pages already shown stay below it. */
async function loadConversations(more, keepOlder = false) {
  const page = await get(`/api/conversations${query({ limit: PAGE, cursor: more ? state.conversationsCursor : null })}`);
  const items = page.items ?? [];
  if (more) {
    const known = new Set(state.conversations.map((c) => c.id));
    state.conversations = state.conversations.concat(items.filter((c) => !known.has(c.id)));
    state.conversationsCursor = page.nextCursor ?? null;
  } else if (keepOlder && state.conversations.length > items.length) {
    const fresh = new Set(items.map((c) => c.id));
    state.conversations = items.concat(state.conversations.filter((c) => !fresh.has(c.id)));
  } else {
    state.conversations = items;
    state.conversationsCursor = page.nextCursor ?? null;
  }
  renderConversations();
}

function renderConversations() {
  show(el.conversationsEmpty, state.conversations.length === 0);
  show(el.conversationsMore, Boolean(state.conversationsCursor));
  el.conversationList.replaceChildren(...state.conversations.map((c) => h('li', {},
    h('button', {
      type: 'button', class: 'conversation', dataset: { conversationId: c.id },
      'aria-current': c.id === state.conversationId ? 'true' : null,
    },
    h('span', { class: 'conversation-title' }, conversationTitle(c)),
    h('span', { class: 'conversation-meta' }, `${c.messageCount} ${c.messageCount === 1 ? 'message' : 'messages'} · `,
      timeElement(c.updatedAt))))));
}

function newConversation(focus = true) {
  state.streaming?.abort();
  clearLog();
  state.conversationId = null;
  delete el.chatLog.dataset.conversationId;
  el.chatTitle.textContent = 'New conversation';
  renderConversations();
  if (focus) el.question.focus();
}

async function openConversation(id, messageId) {
  state.streaming?.abort();
  clearLog();
  state.conversationId = id;
  el.chatLog.dataset.conversationId = id;
  renderConversations();
  const known = state.conversations.find((c) => c.id === id);
  el.chatTitle.textContent = known ? conversationTitle(known) : 'Conversation';
  el.chatLog.setAttribute('aria-busy', 'true');
  show(el.chatEmpty, false);
  const generation = state.logGeneration;
  try {
    if (!known) el.chatTitle.textContent = conversationTitle(await get(`/api/conversations/${encodeURIComponent(id)}`));
    let cursor = null;
    let lastFiles = null;
    for (let pages = 0; pages < MESSAGE_PAGES; pages += 1) {
      const page = await get(`/api/conversations/${encodeURIComponent(id)}/messages${query({ limit: 200, cursor })}`);
      if (generation !== state.logGeneration) return;
      for (const m of page.items ?? []) {
        if (m.role === 'user') {
          el.chatLog.append(userMessage(m.content, m.id));
          if (Array.isArray(m.metadata?.fileIds)) lastFiles = m.metadata.fileIds;
        } else if (m.role === 'assistant') {
          const message = assistantMessage(m.id);
          message.article.dataset.state = 'done';
          message.answer.textContent = m.content;
          el.chatLog.append(message.article);
          renderResult(message.result, m.metadata?.table, m.metadata?.sql);
          message.meta.textContent = describeReply(m.metadata ?? {});
        }
      }
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    if (lastFiles) {
      // the files this conversation last asked about are in play again, when they still exist
      state.inPlay = new Set(lastFiles.filter((f) => state.files.get(f)?.status === 'READY'));
      state.readyKey = '';
      renderFilesInPlay();
    }
    show(el.chatEmpty, el.chatLog.children.length === 1);
    const target = messageId && el.chatLog.querySelector(`[data-message-id="${CSS.escape(messageId)}"]`);
    if (target) {
      target.classList.add('found');
      target.scrollIntoView({ block: 'center' });
    } else {
      scrollToEnd();
    }
    el.chatTitle.focus();
  } catch (error) {
    el.chatLog.append(h('p', { class: 'form-error' }, error.message));
  } finally {
    el.chatLog.removeAttribute('aria-busy');
  }
}

el.newConversation.addEventListener('click', () => newConversation());
el.conversationsMore.addEventListener('click', () => loadConversations(true).catch((error) => notify(error.message)));
el.conversationList.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-conversation-id]');
  if (button) openConversation(button.dataset.conversationId);
});

// ---------------------------------------------------------------------------------------------- search

function clearSearch() {
  state.search = { q: '', cursor: null, count: 0 };
  clear(el.searchList);
  el.searchSummary.textContent = '';
  show(el.searchResults, false);
}

async function runSearch() {
  const { q, cursor } = state.search;
  const page = await get(`/api/search${query({ q, limit: PAGE, cursor })}`);
  const hits = page.items ?? [];
  state.search.count += hits.length;
  state.search.cursor = page.nextCursor ?? null;
  el.searchList.append(...hits.map((hit) => h('li', {},
    h('button', { type: 'button', class: 'hit', dataset: { conversationId: hit.conversationId, messageId: hit.messageId } },
      h('span', { class: 'hit-title' }, hit.conversationTitle?.trim() || 'Untitled conversation'),
      h('span', { class: 'hit-role' }, hit.role === 'user' ? 'question' : hit.role === 'assistant' ? 'answer' : hit.role ?? ''),
      snippet(hit.snippet)))));
  const n = state.search.count;
  el.searchSummary.textContent = n === 0 ? `Nothing found for “${q}”.` : `${n}${state.search.cursor ? '+' : ''} ${n === 1 ? 'match' : 'matches'} for “${q}”.`;
  show(el.searchMore, Boolean(state.search.cursor));
  show(el.searchResults);
}

el.searchForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const q = el.searchInput.value.trim();
  if (!q) return;
  busy(el.searchForm, null, async () => {
    clearSearch();
    state.search.q = q;
    await runSearch();
  });
});

el.searchMore.addEventListener('click', () => runSearch().catch((error) => notify(error.message)));
el.searchClear.addEventListener('click', () => {
  clearSearch();
  el.searchInput.value = '';
  el.searchInput.focus();
});
el.searchList.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-conversation-id]');
  if (button) openConversation(button.dataset.conversationId, button.dataset.messageId);
});

// ---------------------------------------------------------------------------------------------- start

async function start() {
  try {
    enterApp(await get('/api/auth/me', { expectUnauthorized: true }));
  } catch (error) {
    showAuth();
    if (!(error instanceof ApiError) || error.status !== 401) notify(error.message);
    el.loginUsername.focus();
  }
}

start();
