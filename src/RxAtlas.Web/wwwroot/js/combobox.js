// An accessible type-ahead: a search input with a listbox of suggestions (ARIA 1.2 combobox pattern).
// Arrow keys move through the suggestions, Enter chooses the highlighted one (or the first), Escape closes. A search that
// matches nothing says so in the list (a disabled entry), so Enter on it is never silently ignored.

export class Combobox {
  /**
   * @param {HTMLInputElement} input
   * @param {HTMLUListElement} listbox
   * @param {(text: string, signal: AbortSignal) => Promise<any[]>} search
   * @param {(item: any, li: HTMLLIElement) => void} renderItem
   * @param {(item: any) => void} choose
   * @param {(text: string) => string} noMatch what to say when nothing matches the text
   */
  constructor(input, listbox, search, renderItem, choose, noMatch = text => `Nothing matches “${text}”.`) {
    Object.assign(this, { input, listbox, search, renderItem, choose, noMatch });
    this.items = [];
    this.active = -1;
    this.pending = null;
    this.timer = 0;
    input.addEventListener('input', () => this.schedule());
    input.addEventListener('keydown', e => this.key(e));
    input.addEventListener('blur', () => setTimeout(() => this.close(), 150));
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.lookup(), 150);
  }

  async lookup() {
    const text = this.input.value.trim();
    this.pending?.abort();
    if (!text) { this.close(); return; }
    const controller = new AbortController();
    this.pending = controller;
    try {
      const items = await this.search(text, controller.signal);
      if (controller.signal.aborted) return;
      this.show(items, text);
    } catch (e) {
      if (e.name !== 'AbortError') this.close();
    }
  }

  show(items, text = '') {
    this.items = items;
    this.active = -1;
    this.listbox.replaceChildren();
    items.forEach((item, i) => {
      const li = document.createElement('li');
      li.id = `${this.listbox.id}-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      this.renderItem(item, li);
      li.addEventListener('mousedown', e => { e.preventDefault(); this.pick(i); });
      this.listbox.append(li);
    });
    if (!items.length && text) {
      const li = document.createElement('li');
      li.className = 'no-match';
      li.setAttribute('role', 'option');
      li.setAttribute('aria-disabled', 'true');
      li.textContent = this.noMatch(text);
      this.listbox.append(li);
    }
    const open = this.listbox.children.length > 0;
    this.listbox.hidden = !open;
    this.input.setAttribute('aria-expanded', String(open));
    this.input.dataset.suggestions = String(items.length);
  }

  close() {
    this.listbox.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
    this.active = -1;
  }

  highlight(i) {
    const options = [...this.listbox.children].filter(li => !li.classList.contains('no-match'));
    if (!options.length) return;
    this.active = (i + options.length) % options.length;
    options.forEach((li, j) => li.setAttribute('aria-selected', String(j === this.active)));
    this.input.setAttribute('aria-activedescendant', options[this.active].id);
    options[this.active].scrollIntoView({ block: 'nearest' });
  }

  async key(e) {
    if (e.key === 'ArrowDown') { e.preventDefault(); this.highlight(this.active + 1); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); this.highlight(this.active - 1); }
    else if (e.key === 'Escape') { this.close(); }
    else if (e.key === 'Enter') {
      e.preventDefault();
      if (this.listbox.hidden || !this.items.length) {
        clearTimeout(this.timer);
        await this.lookup();
      }
      if (this.items.length) this.pick(Math.max(this.active, 0));
    }
  }

  pick(i) {
    const item = this.items[i];
    this.close();
    this.input.value = '';
    this.items = [];
    if (item) this.choose(item);
  }
}
