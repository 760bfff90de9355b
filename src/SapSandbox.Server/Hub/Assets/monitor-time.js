// The monitor's message list in the reader's own time zone. Without this script the page works in UTC and says so;
// with it, the time filters take the browser's local time (the hidden "tz" field tells the server which zone, and
// the server converts to UTC with that zone's daylight saving time on the date), the labels name the zone, and the
// table's times (time elements carrying UTC) are shown in it.
(() => {
  "use strict";
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const field = document.getElementById("tz");
  if (!zone || !field) return;
  const rendered = field.value || "UTC";

  // Milliseconds a zone is ahead of UTC at an instant.
  function offset(timeZone, instant) {
    const parts = Object.fromEntries(new Intl.DateTimeFormat("en-US", {
      timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
    }).formatToParts(new Date(instant)).map(part => [part.type, Number(part.value)]));
    return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - instant;
  }
  // A wall-clock time ("2026-11-13T08:30") in a zone as an instant; twice round for a date near a clock change.
  function instantOf(wall, timeZone) {
    const asUtc = Date.parse(wall.length === 16 ? wall + ":00Z" : wall + "Z");
    if (Number.isNaN(asUtc)) return NaN;
    const first = asUtc - offset(timeZone, asUtc);
    return asUtc - offset(timeZone, first);
  }
  const wallOf = (instant, timeZone) => new Date(instant + offset(timeZone, instant)).toISOString();

  if (rendered !== zone) {
    // Values the page was rendered with are in its zone: the same instants, shown in the browser's.
    for (const input of document.querySelectorAll("input[data-zone-time]")) {
      const instant = input.value ? instantOf(input.value, rendered) : NaN;
      if (!Number.isNaN(instant)) input.value = wallOf(instant, zone).slice(0, 16);
    }
    field.value = zone;
    for (const name of document.querySelectorAll("[data-zone-name]")) name.textContent = zone;
  }
  for (const time of document.querySelectorAll("time[datetime]")) {
    const instant = Date.parse(time.getAttribute("datetime"));
    if (!Number.isNaN(instant)) time.textContent = wallOf(instant, zone).slice(0, 19).replace("T", " ");
  }
})();
