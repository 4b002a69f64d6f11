// Keyboard shortcuts for the screening screens: I include, E exclude, U unsure, arrows move in the queue. An exclusion
// without a reason is asked about once (a second E sends it), unless the protocol requires a reason (data-required).
(() => {
  const form = document.getElementById('decision-form');
  if (!form) return;
  const reason = document.getElementById('exclusionReason');
  const hint = document.getElementById('hint');
  const required = reason && reason.dataset.required === 'true';
  let asked = false;
  const press = (value) => form.querySelector(`button[name="decision"][value="${value}"]`).click();
  form.addEventListener('submit', (event) => {
    const decision = event.submitter && event.submitter.value;
    if (decision === 'exclude' && reason && reason.options.length > 1 && !reason.value && (required || !asked)) {
      event.preventDefault();
      asked = true;
      hint.textContent = required
        ? 'Choose an exclusion reason, then press E again.'
        : 'Choose an exclusion reason, then press E again (or press E again to exclude without one).';
      reason.focus();
    }
  });
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const typing = ['TEXTAREA', 'INPUT'].includes(event.target.tagName);
    const inSelect = event.target.tagName === 'SELECT';
    if (typing) return;
    const key = event.key.toLowerCase();
    if (key === 'i' && !inSelect) { event.preventDefault(); press('include'); }
    else if (key === 'e') { event.preventDefault(); press('exclude'); }
    else if (key === 'u' && !inSelect) { event.preventDefault(); press('unsure'); }
    else if (!inSelect && (event.key === 'ArrowRight' || event.key === 'ArrowLeft')) {
      const link = document.getElementById(event.key === 'ArrowRight' ? 'next-link' : 'prev-link');
      if (link) { event.preventDefault(); window.location.href = link.href; }
    }
  });
})();
