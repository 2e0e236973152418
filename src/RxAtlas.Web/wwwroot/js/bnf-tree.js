// The browsable BNF tree: chapters first, each level loaded on demand from /api/bnf/{code}/children.
// A tree of buttons: the arrow toggles a node, the name selects the code.

export class BnfTree {
  /**
   * @param {HTMLUListElement} root
   * @param {(code: string) => Promise<any[]>} children
   * @param {(node: any) => void} choose
   */
  constructor(root, children, choose) {
    Object.assign(this, { root, children, choose });
    this.loaded = false;
  }

  async open() {
    if (this.loaded) return;
    this.loaded = true;
    await this.fill(this.root, '');
  }

  async fill(list, code) {
    list.replaceChildren();
    for (const node of await this.children(code)) list.append(this.item(node));
  }

  item(node) {
    const li = document.createElement('li');
    li.setAttribute('role', 'treeitem');
    const toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'toggle';
    const pick = document.createElement('button');
    pick.type = 'button';
    pick.className = 'pick';
    pick.dataset.code = node.code;
    pick.textContent = `${node.code} ${node.name ?? ''}`;
    pick.title = `Show ${node.level} ${node.code}`;
    pick.addEventListener('click', () => this.choose(node));
    li.append(toggle, pick);
    if (!node.has_children) {
      toggle.disabled = true;
      toggle.setAttribute('aria-hidden', 'true');
      return li;
    }
    toggle.textContent = '▸';
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-label', `Expand ${node.code}`);
    const sub = document.createElement('ul');
    sub.setAttribute('role', 'group');
    sub.hidden = true;
    li.append(sub);
    toggle.addEventListener('click', async () => {
      const expand = sub.hidden;
      if (expand && !sub.children.length) await this.fill(sub, node.code);
      sub.hidden = !expand;
      toggle.textContent = expand ? '▾' : '▸';
      toggle.setAttribute('aria-expanded', String(expand));
    });
    return li;
  }
}
