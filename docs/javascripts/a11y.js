// Give names to the landmarks that Material leaves unnamed, so that screen-reader users can
// tell them apart (axe rules aria-dialog-name and landmark-unique).
document$.subscribe(() => {
  document.querySelector(".md-search")?.setAttribute("aria-label", "Search");
  document.querySelectorAll(".md-code__nav").forEach((nav, index) => {
    const file = nav.closest(".highlight")?.querySelector(".filename")?.textContent;
    nav.setAttribute("aria-label", `Code block ${index + 1}${file ? ` (${file})` : ""} actions`);
  });
});
