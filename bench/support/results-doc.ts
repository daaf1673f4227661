// docs/performance.md quotes bench/results/latest.md verbatim between two markers; everything else in the doc is
// prose without figures. `npm run bench` rewrites both; a test checks that the quote is the file.

import * as path from 'node:path';

const REPO = path.resolve(new URL('../..', import.meta.url).pathname);
export const RESULTS_FILE = path.join(REPO, 'bench/results/latest.md');
export const PERFORMANCE_DOC = path.join(REPO, 'docs/performance.md');

export const RESULTS_BEGIN = '<!-- results: bench/results/latest.md, verbatim; written by npm run bench, do not edit -->';
export const RESULTS_END = '<!-- end of results -->';

/** What the doc quotes between the markers, or undefined when a marker is missing. */
export function quotedResults(doc: string): string | undefined {
  const begin = doc.indexOf(RESULTS_BEGIN);
  const end = doc.indexOf(RESULTS_END);
  if (begin < 0 || end < begin) return undefined;
  return doc.slice(begin + RESULTS_BEGIN.length, end).replace(/^\n/, '');
}

/** The doc with `results` between the markers. */
export function insertResults(doc: string, results: string): string {
  const begin = doc.indexOf(RESULTS_BEGIN);
  const end = doc.indexOf(RESULTS_END);
  if (begin < 0 || end < begin) throw new Error(`docs/performance.md lacks the results markers (${RESULTS_BEGIN} … ${RESULTS_END})`);
  return `${doc.slice(0, begin + RESULTS_BEGIN.length)}\n${results}${doc.slice(end)}`;
}
