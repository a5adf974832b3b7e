import { initAll } from "./nhsuk/nhsuk-frontend.min.js";

initAll();

// Ask before an irreversible action: <form data-confirm="Approve this claim?">.
document.querySelectorAll("form[data-confirm]").forEach((form) => {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
});
