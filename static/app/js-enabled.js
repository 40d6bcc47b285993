// Loaded as the first thing in <body>, before anything is drawn: tell the CSS that JavaScript
// runs, and whether this browser supports GOV.UK Frontend's components (ES modules).
// It replaces the inline snippet in GOV.UK Frontend's template.njk, so pages need no inline script.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
