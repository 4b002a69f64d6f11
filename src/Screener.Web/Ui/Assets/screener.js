// Keyboard shortcuts for the screening screen: I include, E exclude (needs a reason), U unsure, arrows move in the queue.
(() => {
  const form = document.getElementById('decision-form');
  if (!form) return;
  const reason = document.getElementById('exclusionReason');
  const hint = document.getElementById('hint');
  const press = (value) => form.querySelector(`button[name="decision"][value="${value}"]`).click();
  form.addEventListener('submit', (event) => {
    const decision = event.submitter && event.submitter.value;
    if (decision === 'exclude' && reason && reason.options.length > 1 && !reason.value) {
      event.preventDefault();
      hint.textContent = 'Choose an exclusion reason, then press E again.';
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
