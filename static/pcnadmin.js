import { initAll } from "./nhsuk/nhsuk-frontend.min.js";

initAll();

// Ask before an irreversible action: <form data-confirm="Approve this claim?">. A button with
// data-no-confirm (attaching a file to the form's answer) sends without asking.
document.querySelectorAll("form[data-confirm]").forEach((form) => {
  form.addEventListener("submit", (event) => {
    if (event.submitter && "noConfirm" in event.submitter.dataset) return;
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
});
