/**
 * Opens the folded part (a `<details>`) that holds the target of the address's #anchor, on arrival
 * and whenever the anchor changes, so that a link to a clause inside a closed part shows it.
 */
export function openTarget(): void {
  const open = () => {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id ? document.getElementById(id) : null;
    if (!target) return;
    for (let details = target.closest('details'); details; details = details.parentElement?.closest('details') ?? null) details.open = true;
    target.scrollIntoView();
  };
  open();
  window.addEventListener('hashchange', open);
}
