// draftkit web: save the form as the clerk types (the same draft file as the
// interview), so closing the tab loses nothing; after each save, the preview of the
// document is fetched again (POST /preview) and the page-image buttons fetch their
// picture in place. Everything else works without script.
(function () {
  "use strict";
  var form = document.getElementById("doc");
  var status = document.getElementById("status");
  // What must be done before a chosen list is sent (the answers typed so far saved).
  var beforeUpload = function () { return Promise.resolve(); };

  // File boxes (app.py _file_picker): the name chosen is said beside "Chọn tệp…"; a list
  // is sent as soon as it is chosen, since pressing "Tạo văn bản" before "Tải lên" would
  // leave it out. The "Tải lên" button stays for a browser without script.
  Array.prototype.forEach.call(document.querySelectorAll(".picker input[type=file]"), function (input) {
    input.addEventListener("change", function () {
      var said = document.getElementById(input.id + "-picked");
      var file = input.files && input.files[0];
      if (said) { said.textContent = file ? file.name : "Chưa chọn tệp nào"; }
      if (!file || !input.hasAttribute("data-upload-at-once") || !input.form) { return; }
      if (said) { said.textContent = file.name + ": đang tải lên…"; }
      var target = input.form;
      beforeUpload().then(function () {
        if (target.requestSubmit) { target.requestSubmit(); } else { target.submit(); }
      });
    });
  });

  if (!form) { return; }
  var timer = null;
  var dirty = false;
  var stale = null;

  function save(keepalive) {
    if (!dirty || stale) { return Promise.resolve(); }
    dirty = false;
    var body = new FormData(form);
    return fetch("/save", { method: "POST", body: body, credentials: "same-origin", keepalive: !!keepalive })
      .then(function (r) {
        if (r.status === 409) {
          // A page from before another document was started: never saved over it.
          return r.json().then(function (d) {
            if (timer) { clearTimeout(timer); }
            stale = d.stale;
            return Promise.reject(409);
          });
        }
        if (r.ok) { return r.json(); }
        // A refusal the server words (a form too large, too many boxes): its own words.
        return r.json().then(function (d) { return Promise.reject({ said: d.error }); },
          function () { return Promise.reject(r.status); });
      })
      .then(function (d) {
        if (status) {
          var t = new Date().toLocaleTimeString("vi-VN");
          status.textContent = "Đã lưu bản nháp lúc " + t + (d.saved ? ": " + d.saved : "");
          status.className = "status saved";
        }
        if (!keepalive) { refreshPreview(); }
      })
      .catch(function (why) {
        if (stale) {
          if (status) { status.textContent = stale; status.className = "status error"; }
          return;
        }
        dirty = true;
        if (status) {
          status.textContent = (why && why.said) || "Chưa lưu được bản nháp: kiểm tra draftkit web còn chạy không.";
          status.className = "status error";
        }
      });
  }

  // The preview as the server words it from the answers just saved. Answers come back in
  // the order asked; an older one arriving late is dropped.
  var asked = 0;
  var making = false; // a picture is being made
  function refreshPreview() {
    var section = document.getElementById("preview");
    if (!section || stale) { return; }
    var mine = ++asked;
    var body = new FormData();
    body.append("_csrf", form.elements["_csrf"].value);
    body.append("_rev", form.elements["_rev"].value);
    fetch("/preview", { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        if (mine !== asked) { return; }
        // A picture shown (or being made) stays, said to be of the answers as they were.
        var kept = document.getElementById("preview-images-block");
        var picture = document.getElementById("preview-page");
        var keep = kept && (making || (picture && !picture.hidden));
        section.innerHTML = html;
        var fresh = document.getElementById("preview-images-block");
        if (keep && fresh) {
          fresh.parentNode.replaceChild(kept, fresh);
          var say = document.getElementById("preview-image-status");
          if (say && !making) { say.textContent = "Ảnh này theo nội dung lúc bấm nút: bấm lại để xem theo nội dung mới."; }
        }
      })
      .catch(function () { /* the next save asks again */ });
  }

  // "Xem ảnh trang đầu": the picture is made by LibreOffice on the server (seconds), then
  // shown in the section; its errors are said in the status line.
  document.addEventListener("submit", function (event) {
    var images = event.target;
    if (!images || images.id !== "preview-images") { return; }
    event.preventDefault();
    var say = document.getElementById("preview-image-status");
    var img = document.getElementById("preview-page");
    var body = new FormData(images);
    var button = event.submitter;
    if (button && button.name) { body.append(button.name, button.value); }
    body.append("_fmt", "json");
    if (say) { say.textContent = "Đang tạo ảnh trang đầu bằng LibreOffice (có thể mất vài giây)…"; say.className = "preview-image-status"; }
    making = true;
    fetch("/preview/image", { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (d) {
        making = false;
        say = document.getElementById("preview-image-status");
        img = document.getElementById("preview-page");
        if (d.src && img) {
          img.src = d.src;
          img.hidden = false;
          if (say) {
            say.textContent = (button ? button.textContent.replace("Xem ảnh trang đầu: ", "Ảnh trang đầu: ") : "Ảnh trang đầu") +
              " (theo nội dung lúc " + new Date().toLocaleTimeString("vi-VN") + ").";
          }
        } else if (say) {
          say.textContent = d.error || d.stale || "Chưa tạo được ảnh trang.";
          say.className = "preview-image-status error";
        }
      })
      .catch(function () {
        making = false;
        if (say) { say.textContent = "Chưa tạo được ảnh trang: kiểm tra draftkit web còn chạy không."; say.className = "preview-image-status error"; }
      });
  });

  // A placeholder of the preview leads to its box: the box gets the caret too.
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("a.missing") : null;
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    var box = target && (target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea, button"));
    if (box) { setTimeout(function () { box.focus(); }, 0); }
  });

  function changed() {
    dirty = true;
    if (status) { status.textContent = "Đang lưu…"; status.className = "status"; }
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(function () { save(false); }, 600);
  }

  // A submit carries the whole form itself; a save sent as the page unloads could reach
  // the server after it and undo what the button did (an added item).
  form.addEventListener("submit", function () {
    dirty = false;
    if (timer) { clearTimeout(timer); }
  });
  beforeUpload = function () {
    if (timer) { clearTimeout(timer); }
    return save(false);
  };
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  window.addEventListener("pagehide", function () { save(true); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { save(true); }
  });
})();
