// Starts the NHS.UK frontend components (error summary focus, header menu, ...).
// Kept as a file, not inline, so the Content-Security-Policy can forbid inline scripts.
import { initAll } from '/nhsuk/nhsuk-frontend.min.js';

initAll();
