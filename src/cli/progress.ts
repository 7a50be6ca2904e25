// A small progress bar for long CLI operations: redraws one line on a TTY, prints a line every
// 10% otherwise (logs, CI), and always ends with a newline.
export interface Progress {
  update(done: number, total?: number): void;
  finish(summary?: string): void;
}

export function progressBar(label: string, out: NodeJS.WriteStream = process.stderr): Progress {
  const tty = out.isTTY === true;
  let lastDecile = -1;
  let lastDraw = 0;
  let shown = false;
  const started = Date.now();
  return {
    update(done, total) {
      const now = Date.now();
      if (total !== undefined && total > 0) {
        const frac = Math.min(1, done / total);
        if (tty) {
          if (now - lastDraw < 50 && done < total) return;
          lastDraw = now;
          const width = 30;
          const full = Math.round(frac * width);
          out.write(
            `\r${label} [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${Math.floor(frac * 100)}% ${done}/${total}`,
          );
          shown = true;
        } else {
          const decile = Math.floor(frac * 10);
          if (decile > lastDecile) {
            lastDecile = decile;
            out.write(`${label}: ${decile * 10}% (${done}/${total})\n`);
          }
        }
      } else if (tty && now - lastDraw > 100) {
        lastDraw = now;
        out.write(`\r${label}: ${done}`);
        shown = true;
      }
    },
    finish(summary) {
      if (tty && shown) out.write('\n');
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      out.write(`${label}: done in ${secs} s${summary ? ` (${summary})` : ''}\n`);
    },
  };
}
