import type { LatencySummary } from './stats';

const statistics = ['p50', 'p99', 'mean', 'max'] as const;

function cell(text: string, width: number): string {
  return text.padStart(width);
}

/**
 * Formats one measurement as a table: a row per statistic with Deckhand's value, the bare Bolt
 * app's value and their ratio.
 */
export function formatComparison(options: {
  title: string;
  deckhand: LatencySummary;
  bare: LatencySummary;
}): string {
  const { deckhand, bare } = options;
  const header =
    'statistic'.padEnd(12) +
    cell('Deckhand ms', 14) +
    cell('bare Bolt ms', 14) +
    cell('Deckhand/bare', 16);
  const rows = statistics.map((name) => {
    const ratio = deckhand[name] / bare[name];
    return (
      name.padEnd(12) +
      cell(deckhand[name].toFixed(2), 14) +
      cell(bare[name].toFixed(2), 14) +
      cell(`${ratio.toFixed(2)}x`, 16)
    );
  });
  const counts = `samples: Deckhand ${deckhand.count}, bare Bolt ${bare.count}`;
  return [options.title, header, ...rows, counts].join('\n');
}
