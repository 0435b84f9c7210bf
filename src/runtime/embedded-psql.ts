import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Logger } from 'pino';
import { coerceError } from '../errors.js';
import type { SessionGate } from './embedded-gate.js';

export interface PsqlServerOptions {
  host: string;
  /** 0 lets the OS choose. */
  port: number;
  /** Outside clients at once (they take turns on the one backend session). */
  maxConnections?: number;
  /** A client holding the session this long without a message (idle in a transaction) loses it. */
  holdTimeoutMs?: number;
  log: Logger;
}

export interface PsqlServer {
  host: string;
  port: number;
  /** The command a user types to look at the embedded database. */
  psqlCommand: string;
  stop(): Promise<void>;
}

const READY_FOR_QUERY = 0x5a; // 'Z', then int32 length 5, then the status byte
const STATUS_IDLE = 0x49; // 'I': not in a transaction block
const TERMINATE = 0x58; // 'X'

/**
 * Serves the PGlite database to psql and other Postgres clients over TCP on the given address.
 * The service keeps using PGlite in-process; clients share the one backend session with it
 * through the gate: a client takes the session with its first message and gives it back at
 * the first ReadyForQuery that says "idle" (end of a statement outside a transaction, or
 * COMMIT/ROLLBACK), so its transactions, extended-protocol exchanges and COPYs never
 * interleave with the service's queries.
 */
export async function startPsqlServer(pg: PGlite, gate: SessionGate, o: PsqlServerOptions): Promise<PsqlServer> {
  const session = new ClientSession(pg, gate, o.log, o.holdTimeoutMs ?? 60_000);
  // pglite-socket only calls these five members; this view routes them through the gate.
  const view = {
    waitReady: pg.waitReady,
    isInTransaction: () => session.held,
    runExclusive: <T>(fn: () => Promise<T>) => session.runTurn(fn),
    execProtocolRawStream: (message: Uint8Array, opts: { onRawData: (d: Uint8Array) => void }) => session.exec(message, opts),
    exec: async (_sql: string) => {
      await session.reset('client disconnected');
      return [];
    },
  };
  const server = new PGLiteSocketServer({
    db: view as unknown as PGlite,
    host: o.host,
    port: o.port,
    maxConnections: o.maxConnections ?? 4,
  });
  server.addEventListener('error', (ev) => o.log.warn({ err: coerceError((ev as CustomEvent).detail) }, 'psql server error'));
  await server.start();
  const [host, portText] = server.getServerConn().split(/:(?=\d+$)/);
  const port = Number(portText);
  return {
    host: host ?? o.host,
    port,
    psqlCommand: `psql -h ${host} -p ${port} -U postgres -d postgres`,
    async stop() {
      await server.stop();
      await session.reset('server stopping');
    },
  };
}

/** Who holds the session on behalf of the socket clients, and when to give it back. */
class ClientSession {
  #release: (() => void) | null = null;
  #tail: Uint8Array = new Uint8Array(0);
  #terminated = false;
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pg: PGlite,
    private readonly gate: SessionGate,
    private readonly log: Logger,
    private readonly holdTimeoutMs: number,
  ) {}

  get held(): boolean {
    return this.#release !== null;
  }

  /** One client protocol message: take the session if not held, run it, give back if idle. */
  async runTurn<T>(fn: () => Promise<T>): Promise<T> {
    this.#clearTimer();
    if (!this.#release) this.#release = await this.gate.acquire();
    this.#tail = new Uint8Array(0);
    this.#terminated = false;
    try {
      return await this.pg.runExclusive(fn);
    } finally {
      if (this.#terminated || endsIdle(this.#tail)) this.#free();
      else this.#armTimer();
    }
  }

  async exec(message: Uint8Array, opts: { onRawData: (d: Uint8Array) => void }): Promise<void> {
    if (message[0] === TERMINATE) this.#terminated = true;
    await this.pg.execProtocolRawStream(message, {
      onRawData: (data) => {
        this.#tail = lastBytes(this.#tail, data, 6);
        opts.onRawData(data);
      },
    });
  }

  /**
   * Takes the session back from a client that left or went quiet mid-exchange: aborts a COPY,
   * ends an extended-protocol exchange and rolls back an open transaction, as Postgres does
   * when a backend's client goes away.
   */
  async reset(reason: string): Promise<void> {
    this.#clearTimer();
    // Taken before the first await, so two resets (disconnect and stop) never both run.
    const release = this.#release;
    if (!release) return;
    this.#release = null;
    try {
      // Answers go to a sink: the client is gone, or no longer owns the session.
      const discard = { onRawData: () => undefined };
      await this.pg.runExclusive(async () => {
        await this.pg.execProtocolRawStream(copyFail(), discard);
        await this.pg.execProtocolRawStream(SYNC, discard);
        if (this.pg.isInTransaction()) await this.pg.execProtocolRawStream(simpleQuery('rollback'), discard);
      });
    } catch (raw) {
      this.log.warn({ err: coerceError(raw), reason }, 'Unable to reset the psql session');
    }
    release();
  }

  #free(): void {
    this.#clearTimer();
    const release = this.#release;
    this.#release = null;
    release?.();
  }

  #armTimer(): void {
    this.#timer = setTimeout(() => {
      this.log.warn({ holdTimeoutMs: this.holdTimeoutMs }, 'psql client idle in a transaction too long: rolled back so the service can go on');
      void this.reset('hold timeout');
    }, this.holdTimeoutMs);
    this.#timer.unref();
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

/** The response ended on ReadyForQuery with status idle (no transaction block open). */
function endsIdle(tail: Uint8Array): boolean {
  return tail.length === 6 && tail[0] === READY_FOR_QUERY && tail[1] === 0 && tail[2] === 0 && tail[3] === 0 && tail[4] === 5 && tail[5] === STATUS_IDLE;
}

function lastBytes(prev: Uint8Array, next: Uint8Array, n: number): Uint8Array {
  if (next.length >= n) return next.slice(next.length - n);
  const joined = new Uint8Array(prev.length + next.length);
  joined.set(prev);
  joined.set(next, prev.length);
  return joined.slice(Math.max(0, joined.length - n));
}

const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

function simpleQuery(sql: string): Uint8Array {
  return framed(0x51, Buffer.from(`${sql}\0`, 'utf8'));
}

function copyFail(): Uint8Array {
  return framed(0x66, Buffer.from('client gone\0', 'utf8'));
}

function framed(type: number, body: Uint8Array): Uint8Array {
  const out = Buffer.alloc(5 + body.length);
  out[0] = type;
  out.writeInt32BE(4 + body.length, 1);
  out.set(body, 5);
  return out;
}
