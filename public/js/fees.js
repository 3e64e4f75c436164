// The teacher's fee sheet: a box per class ticks all of its unpaid items, and 记录收费 stays
// disabled until something is ticked (recording nothing is refused by the server anyway).
// Without this file every box can still be ticked one by one and the server checks the form.
(function () {
  var form = document.getElementById('collect-form');
  if (!form) return;
  var button = document.getElementById('collect-button');
  var count = document.getElementById('collect-count');
  var items = function (scope) { return scope.querySelectorAll('tbody input[name="registrationIds"]'); };

  function refresh() {
    form.querySelectorAll('input.select-all').forEach(function (all) {
      var boxes = Array.prototype.slice.call(items(all.closest('table')));
      var ticked = boxes.filter(function (b) { return b.checked; }).length;
      all.checked = boxes.length > 0 && ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    });
    var total = Array.prototype.filter.call(items(form), function (b) { return b.checked; }).length;
    if (button) button.disabled = total === 0;
    if (count) count.textContent = total ? '已勾选 ' + total + ' 项' : '请先在名单中勾选已收费的项目';
  }

  form.querySelectorAll('input.select-all').forEach(function (all) {
    all.closest('label').hidden = false; // shown only where it works
    all.addEventListener('change', function () {
      items(all.closest('table')).forEach(function (b) { b.checked = all.checked; });
      refresh();
    });
  });
  form.addEventListener('change', function (event) {
    if (event.target.name === 'registrationIds') refresh();
  });
  refresh();
})();
