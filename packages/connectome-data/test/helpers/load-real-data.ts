import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDoorCsv } from '../../src/door/parse-door-csv';
import type { DoorTable } from '../../src/door/parse-door-csv';
import { KREHER_DOOR_RECEPTORS } from '../../src/kreher/kreher-constants';
import { parseWindingZip } from '../../src/winding/parse-winding-zip';
import type { WindingConnectome } from '../../src/winding/winding-connectome';
import { testDataDir } from './data-dir';

let connectome: WindingConnectome | undefined;

/** The real Winding 2023 connectome, parsed once per test file. */
export function realConnectome(): WindingConnectome {
  if (!connectome) {
    const bytes = readFileSync(join(testDataDir(), 'winding2023', 'Supplementary-Data-S1.zip'));
    connectome = parseWindingZip(bytes, createHash('sha256').update(bytes).digest('hex'));
  }
  return connectome;
}

/** The 20 real DoOR receptor tables. */
export function realDoorTables(): Map<string, DoorTable> {
  const m = new Map<string, DoorTable>();
  for (const r of KREHER_DOOR_RECEPTORS) {
    const file = `${r}.csv`;
    m.set(r, parseDoorCsv(readFileSync(join(testDataDir(), 'door2', file), 'utf8'), file));
  }
  return m;
}
