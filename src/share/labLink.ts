/**
 * The training lab's lesson links (`?view=lab&lesson=…`, state/labUrl.ts) share the
 * address bar with the view links of this folder. A lab link is the lab's: the view
 * codec never reads it (it would name its fields as unknown), and the lab applies it on
 * top of the restored session.
 */
export const isLabLink = (search: string): boolean => new URLSearchParams(search).get('view') === 'lab';
