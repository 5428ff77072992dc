/* Accessibility fixes to the theme that CSS cannot make.
 *
 * Material's search overlay has role="dialog" but no accessible name (axe: aria-dialog-name): name it
 * after its input's placeholder. The overlay is outside the content and survives instant navigation,
 * so doing this once per page load is enough; doing it again is harmless.
 */
(function () {
  "use strict";

  function nameSearchDialog() {
    document.querySelectorAll('.md-search[role="dialog"]').forEach(function (dialog) {
      if (dialog.hasAttribute("aria-label") || dialog.hasAttribute("aria-labelledby")) return;
      var input = dialog.querySelector("input");
      dialog.setAttribute("aria-label", (input && input.getAttribute("placeholder")) || "Search");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", nameSearchDialog);
  } else {
    nameSearchDialog();
  }
})();
