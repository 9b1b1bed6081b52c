// Berdaya: progressive enhancement only; every page works without this file.
(function () {
  "use strict";
  var toggle = document.querySelector(".menu-toggle");
  var nav = document.getElementById("nav");
  if (toggle && nav) {
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // Job progress: poll the API while a job is queued or running.
  var job = document.querySelector("[data-job]");
  if (job && (job.dataset.status === "queued" || job.dataset.status === "running")) {
    var labels = { queued: "menunggu", running: "berjalan", done: "selesai", failed: "gagal" };
    var poll = function () {
      fetch("/api/v1/jobs/" + job.dataset.job, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (j) {
          if (!j) { return; }
          job.querySelector(".job-status").textContent = labels[j.status] || j.status;
          var bar = job.querySelector(".job-progress");
          bar.max = Math.max(j.progress_total, 1);
          bar.value = j.progress_done;
          job.querySelector(".job-done").textContent = j.progress_done;
          job.querySelector(".job-total").textContent = j.progress_total;
          if (j.status === "done" || j.status === "failed") { window.location.reload(); } else { setTimeout(poll, 1000); }
        })
        .catch(function () { setTimeout(poll, 3000); });
    };
    setTimeout(poll, 700);
  }
  // Survey form: fill latitude/longitude from the phone's GPS when the browser offers it.
  var geo = document.querySelector("[data-geo]");
  if (geo && navigator.geolocation) {
    var ids = geo.dataset.geo.split(",");
    var status = document.querySelector(".geo-status");
    geo.hidden = false;
    geo.addEventListener("click", function () {
      if (status) { status.textContent = "Mencari lokasi…"; }
      navigator.geolocation.getCurrentPosition(function (pos) {
        document.getElementById(ids[0]).value = pos.coords.latitude.toFixed(6);
        document.getElementById(ids[1]).value = pos.coords.longitude.toFixed(6);
        if (status) { status.textContent = "Lokasi terisi (akurasi ± " + Math.round(pos.coords.accuracy) + " m)."; }
      }, function () {
        if (status) { status.textContent = "Lokasi tidak dapat diambil; isi manual atau izinkan akses lokasi."; }
      }, { enableHighAccuracy: true, timeout: 15000 });
    });
  }
})();
