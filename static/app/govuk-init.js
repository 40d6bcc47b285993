// Start GOV.UK Frontend's components (skip link, service navigation, ...) on every page.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
