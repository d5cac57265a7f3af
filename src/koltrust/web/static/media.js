// The media page: a click on a finding, a time or a frame moves the player there; the unit
// being played is highlighted.
(function () {
  "use strict";
  // inline style attributes are refused by the page's Content-Security-Policy; CSSOM is not
  var LANE_REM = 1.9;
  Array.prototype.forEach.call(document.querySelectorAll(".media-timeline"), function (line) {
    line.style.height = (parseInt(line.dataset.lanes, 10) * LANE_REM + 0.4) + "rem";
  });
  Array.prototype.forEach.call(document.querySelectorAll(".timeline-mark"), function (mark) {
    mark.style.left = mark.dataset.left + "%";
    mark.style.width = mark.dataset.width + "%";
    mark.style.top = (parseInt(mark.dataset.lane, 10) * LANE_REM + 0.2) + "rem";
  });
  var player = document.getElementById("media-player");
  if (!player) { return; }
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-seek]");
    if (!target) { return; }
    var at = parseFloat(target.getAttribute("data-seek"));
    if (isNaN(at)) { return; }
    player.currentTime = at;
    if (player.paused && player.play) { player.play().catch(function () {}); }
    player.scrollIntoView({ block: "nearest" });
  });
  var units = Array.prototype.slice.call(document.querySelectorAll(".media-unit"));
  player.addEventListener("timeupdate", function () {
    var now = player.currentTime;
    units.forEach(function (unit) {
      var playing = now >= parseFloat(unit.dataset.start) && now < parseFloat(unit.dataset.end);
      unit.classList.toggle("playing", playing);
    });
  });
})();
