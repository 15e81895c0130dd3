/**
 * The schools index's filters: ticking boxes hides the schools' policies that do not match, at once, with no
 * round trip. Within a group any ticked box matches (this publisher or that one); across groups
 * every group must match. The choice is kept in the address, so a filtered list can be shared
 * and the home page can link to the overdue reviews.
 */

const groups = ['status', 'policy', 'publisher', 'variant'] as const;

/** Ticks the boxes the address asks for: `/schools/?status=overdue&status=due`. */
export function readFilters(form: HTMLFormElement, query: URLSearchParams): void {
  for (const input of form.querySelectorAll<HTMLInputElement>('input[type=checkbox]')) {
    input.checked = query.getAll(input.dataset.group!).includes(input.value);
  }
}

/** Shows the schools that match the ticked boxes, says how many, and (when asked) records the choice in the address. */
export function applyFilters(form: HTMLFormElement, remember: boolean): void {
  const chosen = new Map(groups.map((group) => [group, [...form.querySelectorAll<HTMLInputElement>(`input[data-group=${group}]:checked`)].map((input) => input.value)]));
  const rows = [...document.querySelectorAll<HTMLTableRowElement>('#schools-table tbody tr')];
  let shown = 0;
  for (const row of rows) {
    const matches = groups.every((group) => chosen.get(group)!.length === 0 || chosen.get(group)!.includes(row.dataset[group] ?? ''));
    row.hidden = !matches;
    if (matches) shown += 1;
  }
  const status = document.querySelector<HTMLElement>('#schools-count')!;
  const template = shown === rows.length ? status.dataset.all! : shown === 1 ? status.dataset.one! : status.dataset.many!;
  status.textContent = template.replace('{shown}', String(shown)).replace('{total}', String(rows.length));
  document.querySelector<HTMLElement>('#schools-none')!.hidden = shown > 0;
  document.querySelector<HTMLElement>('#schools-table')!.hidden = shown === 0;
  if (remember) {
    const query = new URLSearchParams();
    for (const [group, values] of chosen) for (const value of values) query.append(group, value);
    const search = query.toString();
    history.replaceState(null, '', search ? `?${search}` : location.pathname);
  }
}
