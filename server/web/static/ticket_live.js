// The ticket page's live place in line and its "your turn is near" alert
// (issue 14). No app, no account: the page polls its own /t/{ref}/live,
// and only when the citizen taps "Báo khi sắp đến lượt" does it unlock
// sound (Web Audio, which needs that tap), ask for notifications, and arm
// the alert: a chime and a vibration once nearAt or fewer remain.
// window.motcuaTurn records what happened (tests read it).
(function () {
  'use strict';
  var root = document.getElementById('live');
  if (!root) return;
  var $ = function (id) { return document.getElementById(id); };
  var ref = root.dataset.ref;
  var poll = Number(root.dataset.poll) || 10000;
  var status = root.dataset.status;
  var near = root.dataset.near === 'true';
  var armed = false, alerted = false, audio = null, timer = 0;
  var state = window.motcuaTurn = { updates: 0, alerts: 0, beeps: 0, armed: false, ahead: Number(root.dataset.ahead) };

  function tone(at, freq, len, vol) {
    var o = audio.createOscillator(), g = audio.createGain();
    o.type = 'sine';
    o.frequency.value = freq;
    g.gain.setValueAtTime(0.0001, at);
    g.gain.exponentialRampToValueAtTime(vol, at + 0.02);
    g.gain.exponentialRampToValueAtTime(0.0001, at + len);
    o.connect(g);
    g.connect(audio.destination);
    o.start(at);
    o.stop(at + len + 0.05);
  }

  function chime() {
    if (!audio) return;
    var t = audio.currentTime + 0.05;
    [0, 0.5, 1.0].forEach(function (d) { tone(t + d, 880, 0.35, 0.6); tone(t + d + 0.18, 660, 0.3, 0.5); });
    state.beeps += 3;
  }

  function alertNear() {
    if (alerted) return;
    alerted = true;
    state.alerts++;
    state.alertedAhead = state.ahead;
    $('near').hidden = false;
    chime();
    if (navigator.vibrate) state.vibrated = navigator.vibrate([400, 200, 400, 200, 800]);
    if (window.Notification && Notification.permission === 'granted') {
      try { new Notification(document.title, { body: $('near').textContent, tag: 'motcua-' + ref }); } catch (e) { /* page alert is enough */ }
    }
  }

  function show(v) {
    state.updates++;
    $('retry').hidden = true;
    if (!v.active || v.status === 'done') { location.reload(); return false; }
    state.ahead = v.ahead;
    near = v.near;
    $('ahead').textContent = v.ahead_text;
    $('ahead').hidden = !v.waiting;
    $('asof').textContent = v.as_of;
    $('stale').hidden = !v.stale;
    if (v.status !== status) { status = v.status; $('status').textContent = v.status_text; }
    if (!v.waiting && !armed) $('notify').hidden = true;
    if (v.poll_ms) poll = v.poll_ms;
    if (armed && near) alertNear();
    return true;
  }

  function tick() {
    clearTimeout(timer);
    fetch('/t/' + ref + '/live' + location.search, { cache: 'no-store', headers: { Accept: 'application/json' } })
      .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
      .then(function (v) { if (show(v)) timer = setTimeout(tick, poll); })
      .catch(function () { $('retry').hidden = false; timer = setTimeout(tick, poll); });
  }

  $('notify').addEventListener('click', function () {
    armed = state.armed = true;
    try {
      var AC = window.AudioContext || window.webkitAudioContext;
      if (AC) {
        audio = new AC();
        audio.resume();
        tone(audio.currentTime, 880, 0.12, 0.3); // a short chime now: the sound works, and iOS unlocks it
      }
    } catch (e) { audio = null; }
    if (navigator.vibrate) navigator.vibrate(60);
    if (window.Notification && Notification.permission === 'default') {
      try { Notification.requestPermission(); } catch (e) { /* the page's own alert still works */ }
    }
    $('notify').hidden = true;
    $('notify-on').hidden = false;
    if (near) alertNear();
    tick();
  });

  document.addEventListener('visibilitychange', function () { if (!document.hidden) tick(); });
  timer = setTimeout(tick, poll);
})();
