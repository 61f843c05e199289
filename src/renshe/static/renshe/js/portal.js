// The public portal's one script (loaded from 'self', as the CSP wants; no inline script). The forms work
// without it: every street is offered, grouped by district, and the server refuses a street outside the
// district chosen.
//
// A district <select data-streets="NAME"> narrows the <select name="NAME"> of its form to the optgroup of
// that district: the groups are kept aside and put back, since hidden <option>s still show on some phones.
(function () {
  "use strict";

  function follow(district) {
    var streets = district.form && district.form.elements[district.dataset.streets];
    if (!streets) return;
    var groups = Array.prototype.slice.call(streets.querySelectorAll("optgroup"));

    function show() {
      var chosen = district.value;
      var kept = streets.value;
      groups.forEach(function (group) {
        var wanted = !chosen || group.label === chosen;
        if (wanted && !group.parentNode) streets.appendChild(group);
        if (!wanted && group.parentNode) streets.removeChild(group);
      });
      // the groups back in their first order, after the leading "choose" option
      groups.forEach(function (group) {
        if (group.parentNode) streets.appendChild(group);
      });
      streets.value = kept;
      if (streets.value !== kept) streets.value = "";
    }

    district.addEventListener("change", show);
    // a street already chosen (the form sent back with an error) names its district
    if (!district.value && streets.selectedOptions.length && streets.value) {
      var group = streets.selectedOptions[0].parentNode;
      if (group && group.tagName === "OPTGROUP") district.value = group.label;
    }
    show();
  }

  document.querySelectorAll("select[data-streets]").forEach(follow);
})();
