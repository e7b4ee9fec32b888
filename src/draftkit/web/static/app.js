// draftkit web: save the form as the clerk types (the same draft file as the
// interview), so closing the tab loses nothing. Everything else works without script.
(function () {
  "use strict";
  var form = document.getElementById("doc");
  var status = document.getElementById("status");
  if (!form) { return; }
  var timer = null;
  var dirty = false;
  var stale = null;

  function save(keepalive) {
    if (!dirty || stale) { return; }
    dirty = false;
    var body = new FormData(form);
    fetch("/save", { method: "POST", body: body, credentials: "same-origin", keepalive: !!keepalive })
      .then(function (r) {
        if (r.status === 409) {
          // A page from before another document was started: never saved over it.
          return r.json().then(function (d) {
            if (timer) { clearTimeout(timer); }
            stale = d.stale;
            return Promise.reject(409);
          });
        }
        return r.ok ? r.json() : Promise.reject(r.status);
      })
      .then(function (d) {
        if (status) {
          var t = new Date().toLocaleTimeString("vi-VN");
          status.textContent = "Đã lưu bản nháp lúc " + t + (d.saved ? ": " + d.saved : "");
          status.className = "status saved";
        }
      })
      .catch(function () {
        if (stale) {
          if (status) { status.textContent = stale; status.className = "status error"; }
          return;
        }
        dirty = true;
        if (status) {
          status.textContent = "Chưa lưu được bản nháp: kiểm tra draftkit web còn chạy không.";
          status.className = "status error";
        }
      });
  }

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
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  window.addEventListener("pagehide", function () { save(true); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { save(true); }
  });
})();
