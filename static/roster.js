// Roster import: upload with a progress bar (XMLHttpRequest), then a processing state
// while the server checks the file. Without JS the form posts as usual.
(function () {
  const form = document.getElementById('roster-upload');
  if (form && window.FormData && window.XMLHttpRequest) {
    const box = document.getElementById('roster-progress');
    const bar = box.querySelector('progress');
    const status = box.querySelector('.status');
    const errors = document.getElementById('roster-errors');
    const button = form.querySelector('button[type=submit]');

    function fail(messages) {
      box.hidden = true;
      button.disabled = false;
      errors.textContent = '';
      messages.forEach(function (message) {
        const p = document.createElement('p');
        p.className = 'error';
        p.textContent = message;
        errors.appendChild(p);
      });
    }

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      errors.textContent = '';
      const xhr = new XMLHttpRequest();
      xhr.open('POST', form.action || window.location.href);
      xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.addEventListener('progress', function (e) {
        if (!e.lengthComputable) return;
        bar.max = e.total;
        bar.value = e.loaded;
        status.textContent = Math.round((100 * e.loaded) / e.total) + '%';
      });
      xhr.upload.addEventListener('load', function () {
        bar.removeAttribute('value'); // indeterminate: the server is working
        status.textContent = status.dataset.processing;
      });
      xhr.addEventListener('load', function () {
        let data = null;
        try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
        if (xhr.status === 200 && data && data.next) {
          status.textContent = status.dataset.processing;
          window.location.assign(data.next);
          return;
        }
        fail(data && data.errors && data.errors.length ? data.errors : [form.dataset.errorText]);
      });
      xhr.addEventListener('error', function () { fail([form.dataset.errorText]); });
      box.hidden = false;
      button.disabled = true;
      bar.max = 100;
      bar.value = 0;
      status.textContent = '0%';
      xhr.send(new FormData(form));
    });
  }

  // Confirming a large import takes a few seconds: show that it is busy.
  const confirm = document.getElementById('roster-confirm');
  if (confirm) {
    confirm.addEventListener('submit', function (event) {
      const importing = !event.submitter || !event.submitter.hasAttribute('formaction');
      setTimeout(function () {
        confirm.querySelectorAll('button').forEach(function (b) { b.disabled = true; });
        if (importing) {
          const p = document.createElement('p');
          p.setAttribute('aria-live', 'polite');
          const bar = document.createElement('progress');
          p.appendChild(bar);
          p.appendChild(document.createTextNode(' ' + confirm.dataset.busy));
          confirm.appendChild(p);
        }
      }, 0);
    });
  }
})();
