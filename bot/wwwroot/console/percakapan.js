// Live chat page (/console/percakapan): refreshes the parts marked data-poll (HTML fragments from the server) and sends
// the officer's messages without reloading the page. Without JavaScript the page still works with plain form posts.
(function () {
  'use strict';
  var refreshers = [];

  function poller(el) {
    var url = el.getAttribute('data-poll');
    var every = parseInt(el.getAttribute('data-every'), 10) || 3000;
    var busy = false;
    function refresh() {
      if (busy) return Promise.resolve();
      busy = true;
      return fetch(url, { credentials: 'same-origin', headers: { 'X-Live': '1' } })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (html === null) return;
          var probe = document.createElement('div');
          probe.innerHTML = html;
          if (probe.textContent === el.textContent) return; // nothing new (form tokens differ on every answer)
          el.innerHTML = html;
          if (el.hasAttribute('data-scroll')) el.scrollTop = el.scrollHeight;
        })
        .catch(function () { /* offline for a moment: the next round tries again */ })
        .then(function () { busy = false; });
    }
    if (el.hasAttribute('data-scroll')) el.scrollTop = el.scrollHeight;
    (function loop() { setTimeout(function () { refresh().then(loop); }, every); })();
    return refresh;
  }

  document.querySelectorAll('[data-poll]').forEach(function (el) { refreshers.push(poller(el)); });

  var form = document.querySelector('form.lc-send');
  if (!form) return;
  var note = document.getElementById('lc-note');
  var text = form.querySelector('textarea');
  text.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var button = form.querySelector('button[type=submit]');
    button.disabled = true;
    fetch(form.action, { method: 'POST', body: new FormData(form), credentials: 'same-origin', headers: { 'X-Live': '1' } })
      .then(function (r) { return r.text().then(function (t) { return { ok: r.ok, text: t }; }); })
      .then(function (res) {
        if (res.ok) { text.value = ''; note.textContent = ''; refreshers.forEach(function (f) { f(); }); }
        else note.textContent = res.text || 'Gagal mengirim. Coba lagi.';
      })
      .catch(function () { note.textContent = 'Gagal mengirim. Periksa koneksi lalu coba lagi.'; })
      .then(function () { button.disabled = false; text.focus(); });
  });
})();
