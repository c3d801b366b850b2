// The lobby page: @stomp/stompjs (vendor/stomp.umd.min.js, Apache-2.0) against /lobby.
// The starter sends the welcome and what the game sends with session.client() to
// /user/queue/game-session; the page keeps the resume token and reconnects with it.
const $ = (id) => document.getElementById(id);

function log(line) {
  const entry = document.createElement('div');
  entry.textContent = line;
  $('log').append(entry);
  $('log').scrollTop = $('log').scrollHeight;
}

const client = new StompJs.Client({
  brokerURL: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/lobby`,
  reconnectDelay: 2000,
  beforeConnect: () => {
    // The latest token: the same session comes back after a reload or a dropped connection.
    client.connectHeaders = { 'X-Game-Session-Resume': sessionStorage.getItem('resume') ?? '' };
  },
  onConnect: () => {
    client.subscribe('/user/queue/game-session', (message) => {
      const body = JSON.parse(message.body);
      if (body.type === 'session') {
        sessionStorage.setItem('resume', body.resumeToken);
        $('status').textContent = `connected, session ${body.sessionId.substring(0, 4)}…`;
        if (body.userId) {
          $('name').textContent = body.userId;
        }
      }
      else if (body.type === 'state') {
        $('name').textContent = body.name;
        $('coins').textContent = body.coins;
      }
      else if (body.type === 'error') {
        log(`! ${body.message}`);
      }
    });
    client.subscribe('/topic/chat', (message) => log(message.body));
  },
  onStompError: (frame) => {
    // A kick (4000), a takeover (4001) or a session ended on the server (4002).
    $('status').textContent = `ended (${frame.headers['game-close-code'] ?? 'error'}): ${frame.headers.message}`;
    if (frame.headers['game-close-code'] === '4000') {
      client.deactivate();
    }
  },
});
client.activate();

$('click').onclick = () => client.publish({ destination: '/app/click', body: '' });
$('login').onsubmit = (event) => {
  event.preventDefault();
  client.publish({ destination: '/app/login', body: $('login-name').value });
};
$('chat').onsubmit = (event) => {
  event.preventDefault();
  client.publish({ destination: '/app/chat', body: $('chat-text').value });
  $('chat-text').value = '';
};
