// Contract form: show the aid parameters only for the contract kinds that carry an aid.
(function () {
  var data = document.getElementById("aided-kinds");
  var select = document.getElementById("id_kind");
  var box = document.getElementById("aid-parameters");
  if (!data || !select || !box) { return; }
  var kinds = JSON.parse(data.textContent);
  function sync() {
    var hasValue = Array.prototype.some.call(box.querySelectorAll("input"), function (i) { return i.value; });
    box.hidden = kinds.indexOf(select.value) === -1 && !hasValue && !box.querySelector(".error");
  }
  select.addEventListener("change", sync);
  sync();
})();
