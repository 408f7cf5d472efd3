/** Questions to the host, matched to their answers by id, and the host's messages in. */
import { Answer, EntryView, parseHostMessage, Query, WebviewMessage } from '../../src/shared/protocol';

interface Waiting {
  resolve(answer: Answer): void;
  reject(error: Error): void;
}

/** The id of something shaped like an answer, when it has one: enough to find the question a malformed answer is for. */
function answerId(data: unknown): number | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { type, id } = data as { type?: unknown; id?: unknown };
  return type === 'answer' && typeof id === 'number' ? id : undefined;
}

export class Rpc {
  private nextId = 1;
  private readonly pending = new Map<number, Waiting>();

  constructor(
    private readonly post: (message: WebviewMessage) => void,
    private readonly warn: (text: string) => void = console.warn,
  ) {}

  ask(revision: number, query: Query): Promise<Answer> {
    const id = this.nextId++;
    this.post({ type: 'query', id, revision, query });
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  /**
   * Takes a message from the host: returns the view of a `show`, settles the question an answer is for. An answer
   * that fails validation rejects its question, which would otherwise wait for ever; anything else malformed is dropped.
   */
  receive(data: unknown): EntryView | undefined {
    const message = parseHostMessage(data);
    if (message?.type === 'show') return message.view;
    const id = message?.id ?? answerId(data);
    const waiting = id === undefined ? undefined : this.pending.get(id);
    if (id !== undefined) this.pending.delete(id);
    if (message?.type === 'answer') waiting?.resolve(message.answer);
    else {
      this.warn('Entry editor: ignored a malformed message');
      waiting?.reject(new Error('The extension sent a malformed answer: reopen the entry.'));
    }
    return undefined;
  }
}
