/**
 * What a search reads of each label. Some labels end in a row number ("7 #945": MNIST's
 * digits are named by their digit and their index in the source set); a search for "9"
 * should find nines, not every label whose number has a 9 in it. So the " #945" suffix
 * is left out of the text a query is matched against, unless the query itself has a "#"
 * in it — then the whole label is searched, and "#945" finds that row.
 */

const ROW_NUMBER_SUFFIX = /\s*#\d+$/;

/** Whether a query asks about row numbers (it contains "#"). */
export function searchesRowNumbers(query: string): boolean {
  return query.includes('#');
}

/** The label without a trailing row number (" #945"). */
export function withoutRowNumber(label: string): string {
  return label.replace(ROW_NUMBER_SUFFIX, '');
}

/** The texts to match `query` against: the labels as they are, or without their row numbers. */
export function labelTexts(labels: readonly string[], query: string): readonly string[] {
  if (searchesRowNumbers(query) || !labels.some((l) => ROW_NUMBER_SUFFIX.test(l))) return labels;
  return labels.map(withoutRowNumber);
}
