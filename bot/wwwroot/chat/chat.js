// KissBot web chat: the official Bot Framework Web Chat talking to this service's own Direct Line (/v3/directline).
// The token comes from this page's backend (POST /chat/token); the Direct Line secret never reaches the browser.
// The browser keeps its conversation id and user id in localStorage, so a reload resumes the same conversation with
// its history (Direct Line 3.0 reconnect) and the same identity ("cek status" still finds the bookings).
(function () {
  'use strict';
  var STORAGE_KEY = 'kissbot.chat.v1';
  var MAX_BYTES = 5 * 1024 * 1024;
  var TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'];
  var status = document.getElementById('kb-status');
  var locationButton = document.getElementById('kb-location');

  function show(text, isError) {
    status.textContent = text;
    status.className = isError ? 'kb-status kb-error' : 'kb-status';
  }

  function remembered() {
    try { return JSON.parse(window.localStorage.getItem(STORAGE_KEY) || 'null'); } catch (e) { return null; }
  }

  function remember(session) {
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ conversationId: session.conversationId, userId: session.userId }));
    } catch (e) { /* private mode: the chat still works, without resuming */ }
  }

  function fetchToken(previous) {
    return fetch('/chat/token', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(previous ? { conversationId: previous.conversationId, userId: previous.userId } : {})
    }).then(function (res) {
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    });
  }

  // Bot texts are written with plain line breaks (WhatsApp keeps them). Markdown would join the lines, so each line
  // break becomes a hard break, and booking/ticket codes become code spans that never wrap ("KM-2026-00001").
  function prepareMarkdown(text) {
    return (text || '')
      .replace(/\b(KM|PGD)-(\d{4})-(\d{5})\b/g, '`$1-$2-$3`')
      .replace(/([^\n])\n(?!\n)/g, '$1  \n');
  }

  if (!window.WebChat) {
    show('Maaf, tampilan chat belum terpasang di server. Silakan hubungi kantor DPMPTSP Kota Mataram.', true);
    return;
  }

  fetchToken(remembered()).then(function (session) {
    remember(session);
    var directLine = window.WebChat.createDirectLine({
      domain: window.location.origin + '/v3/directline',
      token: session.token,
      conversationId: session.resumed ? session.conversationId : undefined,
      webSocket: true
    });
    var store = window.WebChat.createStore({}, function () {
      return function (next) {
        return function (action) {
          if (action.type === 'WEB_CHAT/SEND_FILES') {
            var files = (action.payload && action.payload.files) || [];
            var bad = files.filter(function (f) { return f.size > MAX_BYTES || (f.type && TYPES.indexOf(f.type) < 0); });
            if (bad.length > 0) {
              show('File tidak dikirim: kirim foto (JPG, PNG, WebP) atau PDF, paling besar 5 MB per file.', true);
              return undefined;
            }
            show('', false);
          }
          return next(action);
        };
      };
    });
    window.WebChat.renderWebChat({
      directLine: directLine,
      store: store,
      userID: session.userId,
      locale: 'id-ID',
      renderMarkdown: function (markdown, options, more) {
        return window.WebChat.renderMarkdown(prepareMarkdown(markdown), options || {}, more);
      },
      overrideLocalizedStrings: { TEXT_INPUT_PLACEHOLDER: 'Tulis pesan…' },
      styleOptions: {
        accent: '#0b4f8a',
        botAvatarInitials: 'KB',
        botAvatarBackgroundColor: '#f2b705',
        bubbleBackground: '#eef3f9',
        bubbleBorderRadius: 12,
        bubbleFromUserBackground: '#0b4f8a',
        bubbleFromUserTextColor: '#ffffff',
        bubbleFromUserBorderRadius: 12,
        suggestedActionLayout: 'flow',
        suggestedActionBorderColor: '#0b4f8a',
        suggestedActionTextColor: '#0b4f8a',
        suggestedActionBorderRadius: 16,
        sendBoxButtonColor: '#0b4f8a',
        hideUploadButton: false,
        uploadAccept: TYPES.join(','),
        uploadMultiple: true,
        rootHeight: '100%'
      }
    }, document.getElementById('webchat'));
    show('', false);

    // "Kirim lokasi": the browser's position, only after the citizen agrees (and the browser asks again).
    locationButton.hidden = false;
    locationButton.addEventListener('click', function () {
      if (!navigator.geolocation) { show('Maaf, browser ini tidak bisa membagikan lokasi. Silakan tulis nama kelurahan.', true); return; }
      if (!window.confirm('Bagikan lokasi Bapak/Ibu saat ini ke KissBot? Lokasi hanya dipakai untuk menentukan kelurahan tempat usaha.')) return;
      show('Mengambil lokasi…', false);
      navigator.geolocation.getCurrentPosition(function (pos) {
        directLine.postActivity({
          type: 'message',
          from: { id: session.userId, role: 'user' },
          text: '📍 Lokasi saya',
          entities: [{ type: 'GeoCoordinates', latitude: pos.coords.latitude, longitude: pos.coords.longitude }]
        }).subscribe(function () { show('', false); }, function () { show('Lokasi belum terkirim. Silakan coba lagi.', true); });
      }, function () {
        show('Lokasi tidak dapat diambil (izin ditolak atau GPS mati). Silakan tulis nama kelurahan.', true);
      }, { enableHighAccuracy: true, timeout: 15000 });
    });
    var input = document.querySelector('#webchat input, #webchat textarea');
    if (input) input.focus();
  }).catch(function () {
    show('Maaf, chat sedang tidak dapat dihubungi. Silakan muat ulang halaman ini beberapa saat lagi.', true);
  });
})();
