import type { FastifyInstance } from 'fastify';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queues } from '../../queue/queues.js';

export const QUEUE_UI_PATH = '/queues';

/**
 * Mounts the bull-board queue UI at /queues. Read-only unless the server listens on loopback
 * only: the UI can retry, clean and empty queues, and it has no login of its own.
 */
export async function registerQueueUi(app: FastifyInstance, queues: Queues, opts: { readOnly: boolean }): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_UI_PATH);
  createBullBoard({
    queues: [queues.poll, queues.classify, queues.fetchPage].map(
      (q) => new BullMQAdapter(q, { readOnlyMode: opts.readOnly, allowRetries: !opts.readOnly }),
    ),
    serverAdapter,
    options: {
      uiConfig: {
        boardTitle: 'launchwatch queues',
        hideDocsLink: true,
        miscLinks: [{ text: 'Dashboard', url: '/' }],
      },
    },
  });
  await app.register(
    async (scope) => {
      // The UI's page links a web font from fonts.googleapis.com; without it the UI uses local
      // fonts, works offline and tells no third party who opens it.
      scope.addHook('onSend', async (_req, reply, payload) => {
        const type = String(reply.getHeader('content-type') ?? '');
        return typeof payload === 'string' && type.startsWith('text/html') ? payload.replace(THIRD_PARTY_LINK, '') : payload;
      });
      await scope.register(serverAdapter.registerPlugin());
    },
    { prefix: QUEUE_UI_PATH },
  );
}

const THIRD_PARTY_LINK = /<link\b[^>]*href="https?:\/\/fonts\.(googleapis|gstatic)\.com[^"]*"[^>]*>/g;
