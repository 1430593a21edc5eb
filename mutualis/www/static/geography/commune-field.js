/* Commune picker (geography/_commune_field.html): a choice fills the hidden INSEE code. */
(function () {
  "use strict";
  if (window.mutualisCommuneField) return;
  window.mutualisCommuneField = true;
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-code][data-target]");
    if (!button) return;
    var hidden = document.getElementById(button.dataset.target);
    var visible = document.getElementById(button.dataset.target + "-q");
    if (!hidden || !visible) return;
    hidden.value = button.dataset.code;
    visible.value = button.dataset.label;
    var choices = document.getElementById(button.dataset.target + "-choices");
    if (choices) choices.innerHTML = "";
    visible.focus();
  });
  document.addEventListener("input", function (event) {
    // Typing again forgets the previous choice, so a name never goes with another commune's code.
    if (event.target.matches("[data-commune-field] input[type=search]")) {
      var hidden = document.getElementById(event.target.id.replace(/-q$/, ""));
      if (hidden) hidden.value = "";
    }
  });
})();
