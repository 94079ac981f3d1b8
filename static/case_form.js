// Person picker for the incident form: search by part of a name (POST, so names
// stay out of URLs and logs) and add rows named like WTForms' FieldList expects.
(function () {
  const input = document.getElementById('person-search');
  if (!input) return;
  const results = document.getElementById('person-results');
  const rows = document.querySelector('#involved-rows tbody');
  const roleOptions = document.getElementById('role-options').innerHTML;
  const removeLabel = document.getElementById('remove-label').textContent;
  const token = document.querySelector('meta[name="csrf-token"]').content;
  let timer = null;

  function nextIndex() {
    let max = -1;
    rows.querySelectorAll('input[type=hidden]').forEach(function (el) {
      const m = el.name.match(/^involved-(\d+)-person_id$/);
      if (m) max = Math.max(max, parseInt(m[1], 10));
    });
    return max + 1;
  }

  function addPerson(person) {
    const i = nextIndex();
    const tr = document.createElement('tr');
    tr.className = 'involved-row';
    const name = document.createElement('td');
    name.textContent = person.name + (person.group ? ' (' + person.group + ')' : '');
    const hidden = document.createElement('input');
    hidden.type = 'hidden';
    hidden.name = 'involved-' + i + '-person_id';
    hidden.value = person.id;
    name.appendChild(hidden);
    const role = document.createElement('td');
    const select = document.createElement('select');
    select.name = 'involved-' + i + '-role';
    select.innerHTML = roleOptions;
    role.appendChild(select);
    const remove = document.createElement('td');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'remove-row';
    button.textContent = removeLabel;
    remove.appendChild(button);
    tr.append(name, role, remove);
    rows.appendChild(tr);
  }

  function show(people) {
    results.innerHTML = '';
    people.forEach(function (person) {
      const li = document.createElement('li');
      li.setAttribute('role', 'option');
      li.tabIndex = 0;
      li.textContent = person.name + (person.group ? ' (' + person.group + ')' : '') +
        (person.kind === 'staff' ? ' — ' + input.dataset.staffLabel : '');
      li.dataset.personId = person.id;
      li.addEventListener('click', function () { addPerson(person); results.innerHTML = ''; input.value = ''; input.focus(); });
      li.addEventListener('keydown', function (e) { if (e.key === 'Enter') { e.preventDefault(); li.click(); } });
      results.appendChild(li);
    });
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) { results.innerHTML = ''; return; }
    timer = setTimeout(function () {
      fetch(input.dataset.searchUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRFToken': token, 'Accept': 'application/json' },
        body: JSON.stringify({ q: q }),
        credentials: 'same-origin'
      }).then(function (r) { return r.ok ? r.json() : []; }).then(show);
    }, 200);
  });
  input.addEventListener('keydown', function (e) { if (e.key === 'Enter') e.preventDefault(); });

  rows.addEventListener('click', function (e) {
    if (e.target.classList.contains('remove-row')) e.target.closest('tr').remove();
  });
})();
