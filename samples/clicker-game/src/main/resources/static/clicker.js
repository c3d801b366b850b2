// The clicker page: one WebSocket to /play, JSON messages both ways. No framework, no build.
'use strict';

const TOKEN = 'clicker.resumeToken';   // sessionStorage: a reload resumes the same session
const SESSION = 'clicker.sessionId';
const NAME = 'clicker.name';           // logs in again when the session is gone (server restart)

const $ = (id) => document.getElementById(id);
let socket = null;
let me = null;
let online = [];
let retryDelay = 500;

function connect() {
  const token = sessionStorage.getItem(TOKEN);
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const query = token ? '?resume=' + encodeURIComponent(token) : '';
  socket = new WebSocket(scheme + '://' + location.host + '/play' + query);
  showConnection('connecting…', '');
  socket.onopen = () => {
    retryDelay = 500;
    showConnection('online', 'online');
  };
  socket.onmessage = (message) => handle(JSON.parse(message.data));
  socket.onclose = (close) => closed(close.code, close.reason);
}

function send(message) {
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify(message));
  }
}

function handle(message) {
  switch (message.type) {
    case 'session': welcome(message); break;
    case 'state': showState(message); break;
    case 'purchased': showNotice('Bought a ' + message.item + ': saved, ' + message.coins + ' coins left'); break;
    case 'players': showPlayers(message.players, message.online); break;
    case 'event': logEvent(message.text); break;
    case 'error': showNotice(message.text, true); break;
  }
}

// The starter's first message on every connection: keep the new token for the next resume.
function welcome(message) {
  const resumed = sessionStorage.getItem(SESSION) === message.sessionId;
  sessionStorage.setItem(TOKEN, message.resumeToken);
  sessionStorage.setItem(SESSION, message.sessionId);
  $('session').textContent = 'session ' + message.sessionId.slice(0, 4) + '… ' + (resumed ? '(resumed)' : '(new)');
  $('session').dataset.resumed = resumed;
  send({ type: 'sync' });
  const name = sessionStorage.getItem(NAME);
  if (!message.userId && name) {
    send({ type: 'login', name: name });
  }
}

function closed(code, reason) {
  showConnection('offline', 'offline');
  if (code === 4000) {                     // kicked: another login with this name
    forget();
    showAlert('Kicked: ' + reason + ' (close code 4000). Reload the page to play again.');
  }
  else if (code === 4001) {                // the session was resumed on another connection
    showAlert('This game continues in another tab (close code 4001).');
  }
  else if (code === 4002) {                // logged out or ended on the server: start afresh
    forget();
    connect();
  }
  else {                                   // dropped: come back with the resume token
    setTimeout(connect, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 5000);
  }
}

function forget() {
  [TOKEN, SESSION, NAME].forEach((key) => sessionStorage.removeItem(key));
}

function showState(state) {
  if (me !== state.name) {
    me = state.name;
    showPlayers(online);               // mark "(you)"
  }
  $('who').textContent = state.name ? 'Playing as ' + state.name : 'Playing anonymously';
  $('login').hidden = !!state.name;
  $('logout').hidden = !state.name;
  $('coins').textContent = state.coins;
  $('level').textContent = state.level;
  $('items').textContent = state.items.length ? state.items.join(', ') : 'none yet';
  const shop = $('shop');
  shop.replaceChildren(...Object.entries(state.shop).map(([item, price]) => {
    const button = document.createElement('button');
    button.id = 'buy-' + item;
    button.textContent = 'Buy a ' + item + ' for ' + price;
    button.disabled = !state.name || state.coins < price;
    button.onclick = () => send({ type: 'buy', item: item });
    const line = document.createElement('li');
    line.append(button);
    return line;
  }));
}

// The server sends the highest players (at most 50) and how many are online in all.
function showPlayers(players, count) {
  online = players;
  const list = $('players');
  if (!players.length) {
    list.innerHTML = '<li class="muted">nobody yet</li>';
    return;
  }
  const lines = players.map((player) => {
    const line = document.createElement('li');
    line.dataset.name = player.name;
    line.textContent = player.name + ' · level ' + player.level
        + (player.name === me ? ' (you)' : '') + (player.away ? ' (away)' : '');
    line.className = player.away ? 'away' : '';
    return line;
  });
  if (count > players.length) {
    const more = document.createElement('li');
    more.className = 'muted';
    more.textContent = 'and ' + (count - players.length) + ' more';
    lines.push(more);
  }
  list.replaceChildren(...lines);
}

function logEvent(text) {
  const line = document.createElement('li');
  line.textContent = new Date().toLocaleTimeString() + '  ' + text;
  const log = $('events');
  log.prepend(line);
  while (log.children.length > 50) {
    log.lastChild.remove();
  }
}

function showConnection(text, css) {
  $('connection').textContent = text;
  $('connection').className = 'badge ' + css;
}

function showAlert(text) {
  $('kicked').textContent = text;
  $('kicked').hidden = false;
  ['click', 'drop', 'logout', 'login-button'].forEach((id) => { $(id).disabled = true; });
}

function showNotice(text, isError) {
  $('notice').textContent = text;
  $('notice').className = isError ? 'error' : 'muted';
  $('notice').hidden = false;
}

$('login').onsubmit = (event) => {
  event.preventDefault();
  const name = $('name').value.trim();
  sessionStorage.setItem(NAME, name);
  send({ type: 'login', name: name });
};
$('click').onclick = () => send({ type: 'click' });
$('drop').onclick = () => socket.close(1000, 'Dropped by the player');
$('logout').onclick = () => send({ type: 'logout' });

connect();
