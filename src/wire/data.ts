import { bytes, message, registerProtocol } from './core';

/** Bytes no dissector claims, shown whole (tshark's `data` protocol). */
export const data = registerProtocol(
  message('data', 'Data', [bytes('data', 'data.data', 'Data')], {
    layer: true,
    summary: (v) => `Data (${v.data.length} byte${v.data.length === 1 ? '' : 's'})`,
  }),
);
