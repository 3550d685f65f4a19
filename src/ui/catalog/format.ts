const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2007-01" → "Jan 2007"; anything else is returned as given. */
export function formatMonth(yearMonth: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(yearMonth);
  const month = match === null ? undefined : months[Number(match[2]) - 1];
  return match === null || month === undefined ? yearMonth : `${month} ${match[1]}`;
}
