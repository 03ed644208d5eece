/**
 * The console's one script: keyboard shortcuts over what the page already has (links and form buttons), so every
 * shortcut does exactly what a click does and the pages work without it. Shortcuts never fire while a text box,
 * text area or list has the focus (Escape leaves it).
 * - queue: j/k move the highlighted row, Enter or o opens it, x ticks it, a approves the ticked ones;
 * - declaration: j/k next/previous, a approves, c / r choose "request changes" / "reject" and show their common
 *   reasons (1–9 pick one), Enter confirms, Escape cancels, u goes back to the queue;
 * - ? folds or unfolds the legend.
 */
export const KEYBOARD_SCRIPT = `
(() => {
  const TEXT_INPUTS = new Set(['text', 'search', 'date', 'number', 'email', 'tel', 'url', 'password', 'month']);
  const typing = (element) =>
    element instanceof HTMLElement &&
    (element.isContentEditable || element.tagName === 'TEXTAREA' || element.tagName === 'SELECT' ||
      (element.tagName === 'INPUT' && TEXT_INPUTS.has(element.type)));
  const legend = document.getElementById('key-legend');
  const rows = [...document.querySelectorAll('#queue tbody tr[data-row]')];
  const decision = document.getElementById('decision');
  let current = Math.max(0, rows.findIndex((row) => row.classList.contains('current')));

  const highlight = (index) => {
    if (rows.length === 0) return;
    current = Math.min(rows.length - 1, Math.max(0, index));
    rows.forEach((row, i) => row.classList.toggle('current', i === current));
    rows[current].scrollIntoView({ block: 'nearest' });
  };
  highlight(current);

  const follow = (selector) => {
    const link = document.querySelector(selector);
    if (link) link.click();
    return Boolean(link);
  };

  const modeReasons = () => decision ? [...decision.querySelectorAll('fieldset[data-for="' + decision.dataset.mode + '"] input[type=radio]')] : [];
  const enterMode = (mode) => {
    decision.dataset.mode = mode;
    const first = modeReasons()[0];
    if (first) first.focus();
  };
  const leaveMode = () => { if (decision) delete decision.dataset.mode; };

  const onQueue = (event) => {
    switch (event.key) {
      case 'j': highlight(current + 1); return true;
      case 'k': highlight(current - 1); return true;
      case 'o': case 'Enter': return rows.length > 0 && follow('#queue tbody tr.current a.open');
      case 'x': {
        const box = rows[current] && rows[current].querySelector('input[type=checkbox]');
        if (box) box.checked = !box.checked;
        return Boolean(box);
      }
      case 'a': return follow('#bulk-approve');
      default: return false;
    }
  };

  const onDeclaration = (event) => {
    const mode = decision && decision.dataset.mode;
    if (mode && /^[1-9]$/.test(event.key)) {
      const reason = modeReasons()[Number(event.key) - 1];
      if (reason) { reason.checked = true; reason.focus(); }
      return Boolean(reason);
    }
    switch (event.key) {
      case 'j': return follow('a[rel=next]');
      case 'k': return follow('a[rel=prev]');
      case 'u': return follow('a[rel=up]');
      case 'a': return decision ? follow('#decision button[value=approve]') : false;
      case 'c': if (!decision) return false; enterMode('request_changes'); return true;
      case 'r': if (!decision) return false; enterMode('reject'); return true;
      case 'Enter': return mode ? follow('#decision button[value=' + mode + ']') : false;
      case 'Escape': if (!mode) return false; leaveMode(); return true;
      default: return false;
    }
  };

  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    const target = event.target;
    if (typing(target)) {
      if (event.key === 'Escape') target.blur();
      return;
    }
    // A focused link or button answers Enter itself.
    if (event.key === 'Enter' && target instanceof HTMLElement && (target.tagName === 'A' || target.tagName === 'BUTTON')) return;
    if (event.key === '?') {
      if (legend) legend.open = !legend.open;
      event.preventDefault();
      return;
    }
    const handled = rows.length > 0 || document.getElementById('queue') ? onQueue(event) : onDeclaration(event);
    if (handled) event.preventDefault();
  });
})();
`;
