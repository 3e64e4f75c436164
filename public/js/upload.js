// Uploads with a progress bar (department materials), the student's photo shrunk in the browser
// to a JPEG under 200KB, and a preview of the chosen photo. Without this script the forms still
// post normally.
(function () {
  // Department materials: send through XHR so the bar can move; a folder's files go under their
  // relative paths (webkitRelativePath), which a plain form post would drop.
  document.querySelectorAll('form[data-progress]').forEach(function (form) {
    var bar = document.getElementById(form.getAttribute('data-progress'));
    var status = document.getElementById('upload-status');
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var data = new FormData();
      var zip = form.querySelector('input[name=file]');
      var folder = form.querySelector('input[data-folder]');
      if (zip && zip.files.length) data.append('file', zip.files[0], zip.files[0].name);
      else if (folder && folder.files.length) {
        Array.prototype.forEach.call(folder.files, function (f) { data.append('files', f, f.webkitRelativePath || f.name); });
      } else { status.textContent = '请选择一个 ZIP 压缩包，或选择一个文件夹'; return; }
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest'); // the page, not this request, shows the result
      xhr.setRequestHeader('Accept', 'application/json, text/html;q=0.5'); // an error comes back as { error }
      bar.hidden = false;
      xhr.upload.onprogress = function (e) {
        if (!e.lengthComputable) return;
        bar.value = Math.round((e.loaded / e.total) * 100);
        status.textContent = bar.value < 100 ? '正在上传 ' + bar.value + '%' : '上传完成，正在逐个检查文件夹，请稍候…';
      };
      var failed = function (message) {
        status.textContent = message;
        bar.hidden = true;
        form.querySelectorAll('button').forEach(function (b) { b.disabled = false; });
      };
      // Every answer the app gives an upload, refusals included, is a redirect to a clean page. An
      // error page instead belongs to the post's own address, which carries the CSRF token: stay.
      xhr.onload = function () {
        if (xhr.status < 400) { window.location.href = xhr.responseURL || window.location.href; return; }
        var message = '上传没有完成（错误 ' + xhr.status + '），请稍后重试';
        try { message = '上传没有完成：' + JSON.parse(xhr.responseText).error; } catch (e) { /* not JSON: keep the general message */ }
        failed(message);
      };
      xhr.onerror = function () { failed('上传中断：请检查网络后重试'); };
      form.querySelectorAll('button').forEach(function (b) { b.disabled = true; });
      xhr.send(data);
    });
  });

  // A preview of the chosen photo (input data-preview="<img id>"), so the student sees what they
  // send; shown again after the photo is shrunk, since that is what goes to the server.
  function showPreview(input) {
    var img = document.getElementById(input.getAttribute('data-preview'));
    if (!img) return;
    if (img.src) URL.revokeObjectURL(img.src);
    var file = input.files[0];
    if (!file || !/^image\//.test(file.type)) { img.removeAttribute('src'); img.hidden = true; return; }
    img.src = URL.createObjectURL(file);
    img.hidden = false;
  }
  document.querySelectorAll('input[data-preview]').forEach(function (input) {
    input.addEventListener('change', function () { showPreview(input); });
  });

  // Student materials: re-encode a photo that is too big (or not JPEG) until it fits.
  var input = document.querySelector('input[data-shrink-to]');
  if (!input || !window.DataTransfer) return;
  var limit = Number(input.getAttribute('data-shrink-to'));
  var note = document.getElementById('shrink-status');
  input.addEventListener('change', function () {
    var file = input.files[0];
    if (!file || (file.type === 'image/jpeg' && file.size < limit)) return;
    var image = new Image();
    image.onload = function () {
      var scale = Math.min(1, 1800 / Math.max(image.width, image.height));
      var canvas = document.createElement('canvas');
      var attempt = function (quality) {
        canvas.width = Math.round(image.width * scale);
        canvas.height = Math.round(image.height * scale);
        canvas.getContext('2d').drawImage(image, 0, 0, canvas.width, canvas.height);
        canvas.toBlob(function (blob) {
          if (blob.size >= limit && (quality > 0.4 || scale > 0.3)) {
            if (quality > 0.4) return attempt(quality - 0.1);
            scale *= 0.8;
            return attempt(0.8);
          }
          var shrunk = new File([blob], 'idcard.jpg', { type: 'image/jpeg' });
          var transfer = new DataTransfer();
          transfer.items.add(shrunk);
          input.files = transfer.files;
          showPreview(input);
          note.textContent = '照片已自动压缩为 ' + Math.round(blob.size / 1024) + 'KB 的 JPG';
        }, 'image/jpeg', quality);
      };
      attempt(0.85);
    };
    image.src = URL.createObjectURL(file);
  });
})();
