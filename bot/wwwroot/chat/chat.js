// KissBot web chat: the official Bot Framework Web Chat talking to this service's own Direct Line (/v3/directline).
// The token comes from this page's backend (POST /chat/token); the Direct Line secret never reaches the browser.
(function () {
  'use strict';
  var status = document.getElementById('kb-status');

  function show(text, isError) {
    status.textContent = text;
    status.className = isError ? 'kb-status kb-error' : 'kb-status';
  }

  function fetchToken() {
    return fetch('/chat/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.json();
      });
  }

  if (!window.WebChat) {
    show('Maaf, tampilan chat belum terpasang di server. Silakan hubungi kantor DPMPTSP Kota Mataram.', true);
    return;
  }

  fetchToken().then(function (session) {
    var directLine = window.WebChat.createDirectLine({
      domain: window.location.origin + '/v3/directline',
      token: session.token,
      webSocket: true
    });
    window.WebChat.renderWebChat({
      directLine: directLine,
      userID: session.userId,
      locale: 'id-ID',
      overrideLocalizedStrings: { TEXT_INPUT_PLACEHOLDER: 'Tulis pesan…' },
      styleOptions: {
        accent: '#0b4f8a',
        botAvatarInitials: 'KB',
        botAvatarBackgroundColor: '#f2b705',
        userAvatarInitials: 'Anda',
        userAvatarBackgroundColor: '#0b4f8a',
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
        hideUploadButton: true,
        rootHeight: '100%'
      }
    }, document.getElementById('webchat'));
    show('', false);
    document.querySelector('#webchat input, #webchat textarea') && document.querySelector('#webchat input, #webchat textarea').focus();
  }).catch(function () {
    show('Maaf, chat sedang tidak dapat dihubungi. Silakan muat ulang halaman ini beberapa saat lagi.', true);
  });
})();
