// A QR code drawn on a canvas (the modules come from the vendored qrcode-generator, vendor/README.md), with the
// text it carries as its accessible name's companion, so it can be read aloud or copied as well as scanned.
import qrcode from './vendor/qrcode.mjs';
import {h} from './dom.js';

const SCALE = 5;
const QUIET = 4; // modules of white border scanners need

export function qr(text, label) {
  const code = qrcode(0, 'M');
  code.addData(text);
  code.make();
  const modules = code.getModuleCount();
  const size = (modules + 2 * QUIET) * SCALE;
  const canvas = h('canvas', {width: size, height: size, class: 'qr', role: 'img', 'aria-label': label});
  const context = canvas.getContext('2d');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, size, size);
  context.fillStyle = '#000';
  for (let row = 0; row < modules; row++) {
    for (let column = 0; column < modules; column++) {
      if (code.isDark(row, column)) context.fillRect((column + QUIET) * SCALE, (row + QUIET) * SCALE, SCALE, SCALE);
    }
  }
  canvas.dataset.modules = String(modules);
  return canvas;
}
