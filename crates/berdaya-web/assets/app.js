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
})();
