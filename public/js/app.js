// Progressive enhancement only: every page works without this file.
document.addEventListener('submit', function (event) {
  var form = event.target;
  var question = form.getAttribute('data-confirm');
  if (question && !window.confirm(question)) {
    event.preventDefault();
    return;
  }
  // A second click would post the form twice; the server copes, but the user need not wait twice.
  // getAttribute, not form.method: a field named "method" (the plan form's 评价方式) shadows it.
  if ((form.getAttribute('method') || '').toLowerCase() === 'post') {
    window.setTimeout(function () {
      form.querySelectorAll('button[type=submit]').forEach(function (b) { b.disabled = true; });
    }, 0);
  }
});
