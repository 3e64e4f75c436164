// Print views: the 「打印」 button opens the browser's print dialog (A4, one candidate per page).
document.querySelectorAll('[data-print]').forEach(function (button) {
  button.addEventListener('click', function () { window.print(); });
});
