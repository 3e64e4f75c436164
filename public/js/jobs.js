// Follows unfinished bundle jobs on the page: polls their status once a second, moves the bar,
// and reloads when one ends so the download button (or the error) appears. Without this file the
// page still works: reloading it shows the same state from the server.
(function () {
  var rows = document.querySelectorAll('tr[data-job][data-status="queued"], tr[data-job][data-status="running"]');
  rows.forEach(function (row) {
    var id = row.getAttribute('data-job');
    var bar = row.querySelector('progress');
    var text = row.querySelector('.job-text');
    function poll() {
      fetch('/office/bundles/' + id + '/status', { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (job) {
          if (!job) return window.setTimeout(poll, 3000);
          if (job.status === 'done' || job.status === 'failed') return window.location.reload();
          if (bar) bar.value = job.percent;
          if (text) text.textContent = (job.status === 'queued' ? '排队中 ' : '正在生成 ') + job.progress + '/' + (job.total || '…');
          window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    window.setTimeout(poll, 1000);
  });
})();
