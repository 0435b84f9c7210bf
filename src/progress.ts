/**
 * Progress of a long command: a redrawn bar on a terminal, plain lines (at most one every few
 * seconds) when stderr is a file or a pipe, so logs stay readable.
 */
export interface Progress {
  update(done: number, total: number, note?: string): void;
  done(note?: string): void;
}

export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = stream.isTTY === true;
  let lastLine = 0;
  let last = '';
  const render = (done: number, total: number, note?: string) => {
    const pct = total > 0 ? Math.min(1, done / total) : 0;
    const tail = `${done}/${total}${note ? ` ${note}` : ''}`;
    if (tty) {
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - tail.length - 10));
      const fill = Math.round(pct * width);
      stream.write(`\r${label} [${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${(pct * 100).toFixed(0).padStart(3)}% ${tail}\x1b[K`);
      return;
    }
    const now = Date.now();
    const line = `${label}: ${(pct * 100).toFixed(0)}% ${tail}`;
    if (line !== last && (now - lastLine > 2000 || done >= total)) {
      stream.write(`${line}\n`);
      lastLine = now;
      last = line;
    }
  };
  return {
    update: render,
    done(note?: string) {
      if (tty) stream.write('\n');
      if (note) stream.write(`${label}: ${note}\n`);
    },
  };
}
