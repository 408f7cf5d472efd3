/** The value as a hex dump: offset, sixteen bytes in hex, and their ASCII, as the core formats them. */
import type { HexRow } from '../../src/shared/protocol';
import { h } from './dom';
import type { Ask } from './valuePanel';
import { VirtualRows } from './virtualRows';

export function hexView(rowCount: number, ask: Ask): VirtualRows<HexRow> {
  return new VirtualRows<HexRow>(
    {
      rowCount,
      fetch: async (first, count) => {
        const answer = await ask({ kind: 'hexRows', first, count });
        return answer.kind === 'hexRows' ? answer.rows : answer.kind === 'error' ? answer.message : 'Unexpected answer';
      },
      render: (row) =>
        h('div', { className: 'vrow hex-row' }, h('span', { className: 'offset', text: row.offset }), h('span', { className: 'hex', text: row.hex }), h('span', { className: 'ascii', text: row.ascii })),
    },
    `Hex dump, ${rowCount} rows of 16 bytes`,
  );
}
