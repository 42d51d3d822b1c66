// The report form, made better: sent with a submission id (a retry counts once) and answered in JSON, errors shown
// inline without a reload, a draft kept on this device until the report is accepted, and a plan picker.
// Without this script the form still works as a plain POST. No build step; served by GET /api/form/assets/form.js.
(function () {
  'use strict';

  // ---- Letters after a report (Letters/): a live e-mail link and a copy button; the page works without them. ----

  var LETTERS = '/api/letters';

  function mailto(subject, body) {
    return 'mailto:?subject=' + encodeURIComponent(subject) + '&body=' + encodeURIComponent(body.replace(/\r?\n/g, '\r\n'));
  }

  function enhanceLetters(root) {
    Array.prototype.forEach.call(root.querySelectorAll('.letter'), function (letter) {
      var subject = letter.querySelector('input[name^="subject-"]');
      var body = letter.querySelector('textarea');
      var link = letter.querySelector('a.mailto');
      var copy = letter.querySelector('button.copy');
      var copyStatus = letter.querySelector('.copy-status');
      var update = function () { link.setAttribute('href', mailto(subject.value, body.value)); };
      subject.addEventListener('input', update);
      body.addEventListener('input', update);
      copy.hidden = false;
      copy.addEventListener('click', function () {
        var text = subject.value + '\n\n' + body.value;
        var done = function () { copyStatus.textContent = copy.getAttribute('data-copied'); };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(done, function () { body.select(); });
        } else {
          body.select();
        }
      });
    });
  }

  // After a 202: the letters are recomputed by the server from the same answers (nothing is stored) and shown below the thanks.
  function offerLetters(sentForm, after) {
    fetch(LETTERS, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8', 'Accept': 'text/html' },
      body: new URLSearchParams(new FormData(sentForm)).toString(),
      credentials: 'same-origin'
    }).then(function (response) {
      return response.ok ? response.text() : '';
    }).then(function (html) {
      var section = html && new DOMParser().parseFromString(html, 'text/html').getElementById('letters');
      if (section) {
        var node = document.importNode(section, true);
        after.parentNode.insertBefore(node, after.nextSibling);
        enhanceLetters(node);
      }
    }, function () { /* Offline: the thanks stand on their own. */ });
  }

  var shownLetters = document.getElementById('letters');
  if (shownLetters) {
    enhanceLetters(shownLetters);
  }

  var form = document.getElementById('report-form');
  var dataElement = document.getElementById('form-data');
  if (!form || !dataElement || !window.fetch || !window.JSON) {
    return;
  }

  var data = JSON.parse(dataElement.textContent);
  var texts = data.texts;
  var fields = data.fields;
  var DRAFT_KEY = 'survey.reportDraft.v1';
  var HONEYPOT = 'website';
  var storage = openStorage();
  var sending = false;
  var submissionInput = form.elements.namedItem('submissionId');
  var notice = document.getElementById('form-notice');
  var status = document.getElementById('form-status');
  var sendButton = document.getElementById('send');

  // ---- The draft: every change is saved until the report is accepted. ----

  function openStorage() {
    try {
      var probe = '__survey_probe__';
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }

  function newId() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') {
      return window.crypto.randomUUID();
    }
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function answerElements() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== 'language' && el.name !== 'submissionId' && el.name !== HONEYPOT && fields.indexOf(el.name) >= 0;
    });
  }

  function currentValues() {
    var values = {};
    answerElements().forEach(function (el) {
      if ((el.type === 'radio' || el.type === 'checkbox') && !el.checked) {
        return;
      }
      if (el.value === '') {
        return;
      }
      (values[el.name] = values[el.name] || []).push(el.value);
    });
    return values;
  }

  function saveDraft() {
    if (!storage) {
      return;
    }
    try {
      storage.setItem(DRAFT_KEY, JSON.stringify({ version: 1, submissionId: submissionInput.value, values: currentValues(), savedAt: new Date().toISOString() }));
    } catch (e) {
      // A full or blocked storage must not stop the form.
    }
  }

  function readDraft() {
    if (!storage) {
      return null;
    }
    try {
      var draft = JSON.parse(storage.getItem(DRAFT_KEY) || 'null');
      return draft && draft.version === 1 && draft.values ? draft : null;
    } catch (e) {
      return null;
    }
  }

  function clearDraft() {
    if (storage) {
      try { storage.removeItem(DRAFT_KEY); } catch (e) { /* nothing to do */ }
    }
  }

  function fill(values) {
    answerElements().forEach(function (el) {
      var given = values[el.name] || [];
      if (el.type === 'radio' || el.type === 'checkbox') {
        el.checked = given.indexOf(el.value) >= 0;
      } else if (el.tagName === 'SELECT') {
        el.value = given.length ? given[0] : '';
        if (el.value !== (given[0] || '')) {
          el.selectedIndex = 0;
        }
      } else {
        el.value = given.length ? given[0] : '';
      }
    });
  }

  function restore() {
    var draft = readDraft();
    if (form.getAttribute('data-answered') === 'true') {
      // The server answered this form again with what was sent: that is the draft now.
      saveDraft();
      return;
    }
    if (!draft) {
      return;
    }
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(draft.submissionId || '')) {
      submissionInput.value = draft.submissionId;
    }
    var hasAnswers = Object.keys(draft.values).length > 0;
    if (hasAnswers) {
      fill(draft.values);
      document.getElementById('draft-restored').hidden = false;
    }
  }

  function startOver() {
    clearDraft();
    fill({});
    submissionInput.value = newId();
    clearErrors();
    hideNotice();
    document.getElementById('draft-restored').hidden = true;
    var search = document.getElementById('plan-search');
    if (search) {
      search.value = '';
    }
    var first = form.querySelector('input:not([type=hidden]), select, textarea');
    if (first) {
      first.focus();
    }
  }

  // ---- Sending: the form as it is, answered in JSON. ----

  // The form is sent as it is, so the server alone reads the answers (an amount typed as "$1,200" or "85,50",
  // say); asked for JSON, it answers as it does any client.
  function formBody() {
    return new URLSearchParams(new FormData(form));
  }

  function setSending(on) {
    sending = on;
    sendButton.setAttribute('aria-disabled', on ? 'true' : 'false');
    status.textContent = on ? texts.sending : '';
  }

  function send(event) {
    event.preventDefault();
    if (sending) {
      return;
    }
    clearErrors();
    hideNotice();
    var honeypot = form.elements.namedItem(HONEYPOT);
    if (honeypot && honeypot.value) {
      showThanks();
      return;
    }
    saveDraft();
    setSending(true);
    fetch(form.getAttribute('action'), {
      method: 'POST',
      headers: { 'Accept': 'application/json, application/problem+json' },
      body: formBody(),
      credentials: 'same-origin'
    }).then(function (response) {
      return response.text().then(function (body) {
        var problem = null;
        try { problem = body ? JSON.parse(body) : null; } catch (e) { problem = null; }
        return { status: response.status, problem: problem };
      });
    }).then(function (answer) {
      setSending(false);
      if (answer.status === 202) {
        clearDraft();
        showThanks(answer.problem && answer.problem.withdrawalCode);
        offerLetters(form, document.getElementById('thanks'));
      } else if (answer.status === 400 && answer.problem && answer.problem.errors) {
        showErrors(answer.problem.errors);
      } else if (answer.status === 503) {
        showNotice(texts['error.busy']);
      } else if (answer.status === 429) {
        showNotice(texts['error.tooMany']);
      } else if (answer.status === 410) {
        // A personal link that can no longer be used: its page says so kindly.
        window.location.reload();
      } else if (answer.status === 413) {
        showNotice(texts['error.tooLarge']);
      } else {
        showNotice(texts['error.general']);
      }
    }, function () {
      setSending(false);
      showNotice(texts['error.offline']);
    });
  }

  function showThanks(withdrawalCode) {
    // The code is shown this once (never kept in the draft); a honeypot answer gets none.
    document.getElementById('withdrawal-code').textContent = withdrawalCode || '';
    document.getElementById('withdrawal').hidden = !withdrawalCode;
    form.hidden = true;
    document.getElementById('draft-restored').hidden = true;
    var thanks = document.getElementById('thanks');
    thanks.hidden = false;
    thanks.focus();
  }

  // ---- Errors: next to their fields, and in a summary that takes the focus. ----

  function kindOf(message) {
    for (var i = 0; i < data.kinds.length; i++) {
      if (message.indexOf(data.kinds[i][0]) === 0) {
        return data.kinds[i][1];
      }
    }
    return 'invalid';
  }

  function translate(field, message) {
    var kind = kindOf(message);
    var text = texts['error.' + kind + '.' + field] || texts['error.' + kind];
    var number = /[0-9]+/.exec(message);
    return text.replace('{max}', number ? number[0] : '');
  }

  function fieldBox(name) {
    return form.querySelector('[data-field="' + name + '"]');
  }

  function clearErrors() {
    var summary = document.getElementById('error-summary');
    if (summary) {
      summary.parentNode.removeChild(summary);
    }
    Array.prototype.forEach.call(form.querySelectorAll('.has-error'), function (box) {
      box.classList.remove('has-error');
      var name = box.getAttribute('data-field');
      var message = document.getElementById('f-' + name + '-error');
      if (message) {
        message.parentNode.removeChild(message);
      }
      Array.prototype.forEach.call(box.querySelectorAll('[aria-invalid]'), function (el) { el.removeAttribute('aria-invalid'); });
      Array.prototype.forEach.call(box.querySelectorAll('[aria-describedby]'), function (el) {
        var ids = el.getAttribute('aria-describedby').split(' ').filter(function (id) { return id !== 'f-' + name + '-error'; });
        if (ids.length) { el.setAttribute('aria-describedby', ids.join(' ')); } else { el.removeAttribute('aria-describedby'); }
      });
    });
    document.title = document.title.replace(texts['error.prefix'] + ' ', '');
  }

  function showErrors(errors) {
    var items = [];
    var order = fields.slice();
    var names = Object.keys(errors).sort(function (a, b) {
      var ia = order.indexOf(a), ib = order.indexOf(b);
      return (ia < 0 ? 1e6 : ia) - (ib < 0 ? 1e6 : ib);
    });
    names.forEach(function (name) {
      var messages = (errors[name] || []).map(function (m) { return translate(name, m); })
        .filter(function (m, i, all) { return all.indexOf(m) === i; });
      var box = fieldBox(name);
      if (box) {
        markField(box, name, messages.join(' '));
      }
      messages.forEach(function (message) {
        items.push({ target: box ? box.getAttribute('data-focus') : null, message: message });
      });
    });
    var summary = document.createElement('div');
    summary.className = 'error-summary';
    summary.id = 'error-summary';
    summary.setAttribute('role', 'alert');
    summary.setAttribute('tabindex', '-1');
    summary.setAttribute('aria-labelledby', 'error-summary-title');
    var title = document.createElement('h2');
    title.id = 'error-summary-title';
    title.textContent = texts['errorSummary.title'];
    summary.appendChild(title);
    var list = document.createElement('ul');
    items.forEach(function (item) {
      var li = document.createElement('li');
      if (item.target) {
        var link = document.createElement('a');
        link.href = '#' + item.target;
        link.textContent = item.message;
        li.appendChild(link);
      } else {
        li.textContent = item.message;
      }
      list.appendChild(li);
    });
    summary.appendChild(list);
    form.parentNode.insertBefore(summary, document.getElementById('draft-restored'));
    document.title = texts['error.prefix'] + ' ' + document.title;
    summary.focus();
  }

  function markField(box, name, text) {
    box.classList.add('has-error');
    var message = document.createElement('p');
    message.className = 'error-message';
    message.id = 'f-' + name + '-error';
    var prefix = document.createElement('strong');
    prefix.className = 'error-prefix';
    prefix.textContent = texts['error.prefix'];
    message.appendChild(prefix);
    message.appendChild(document.createTextNode(' ' + text));
    var group = box.querySelector('fieldset');
    var hint = document.getElementById('f-' + name + '-hint');
    if (hint) {
      hint.parentNode.insertBefore(message, hint.nextSibling);
    } else if (group) {
      var legend = group.querySelector('legend');
      group.insertBefore(message, legend.nextSibling);
    } else {
      var label = box.querySelector('label');
      label.parentNode.insertBefore(message, label.nextSibling);
    }
    var described = group || box.querySelector('input, select, textarea');
    var ids = (described.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    ids.push(message.id);
    described.setAttribute('aria-describedby', ids.join(' '));
    Array.prototype.forEach.call(box.querySelectorAll('input, select, textarea'), function (el) { el.setAttribute('aria-invalid', 'true'); });
  }

  function showNotice(text) {
    notice.textContent = '';
    var p = document.createElement('p');
    var strong = document.createElement('strong');
    strong.textContent = texts['error.prefix'];
    p.appendChild(strong);
    p.appendChild(document.createTextNode(' ' + text));
    notice.appendChild(p);
    notice.hidden = false;
    notice.focus();
  }

  function hideNotice() {
    notice.hidden = true;
    notice.textContent = '';
  }

  function followSummaryLinks(event) {
    var link = event.target.closest ? event.target.closest('.error-summary a') : null;
    if (!link) {
      return;
    }
    var target = document.getElementById(link.getAttribute('href').slice(1));
    if (target) {
      event.preventDefault();
      target.focus();
      target.scrollIntoView({ block: 'center' });
    }
  }

  // ---- The plan picker: the catalogue's plans as suggestions; the insurer and plan boxes always work. ----

  function loadPlans() {
    var box = document.getElementById('plan-search-field');
    var search = document.getElementById('plan-search');
    var list = document.getElementById('plan-options');
    if (!box || !search || !list) {
      return;
    }
    fetch(data.plans, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (!answer || !answer.plans || !answer.plans.length) {
          return;
        }
        var byLabel = {};
        answer.plans.forEach(function (plan) {
          var label = plan.insurer + (plan.plan ? ' — ' + plan.plan : '');
          if (byLabel[label]) {
            return;
          }
          byLabel[label] = plan;
          var option = document.createElement('option');
          option.value = label;
          list.appendChild(option);
        });
        var pick = function () {
          var plan = byLabel[search.value];
          if (!plan) {
            return;
          }
          form.elements.namedItem('insurer').value = plan.insurer;
          form.elements.namedItem('plan').value = plan.plan || '';
          saveDraft();
        };
        search.addEventListener('input', pick);
        search.addEventListener('change', pick);
        box.hidden = false;
      }, function () { /* Offline: the boxes below still work. */ });
  }

  // ---- Start. ----

  restore();
  form.addEventListener('input', function (event) {
    if (event.target && event.target.id !== 'plan-search') {
      saveDraft();
    }
  });
  form.addEventListener('change', saveDraft);
  form.addEventListener('submit', send);
  document.addEventListener('click', followSummaryLinks);
  document.getElementById('start-over').addEventListener('click', startOver);
  var serverSummary = document.getElementById('error-summary');
  if (serverSummary) {
    serverSummary.focus();
  } else if (!notice.hidden) {
    notice.focus();
  }
  loadPlans();
}());
