// Start GOV.UK Frontend's components (skip link, service navigation, ...) on every page, and the
// Ministry of Justice Frontend's sortable tables (data-module="moj-sortable-table").
import { initAll } from "../govuk/govuk-frontend.min.js";
import { SortableTable } from "../moj/sortable-table.bundle.mjs";

initAll();
document.querySelectorAll('[data-module="moj-sortable-table"]').forEach(function (table) {
  new SortableTable(table);
});
