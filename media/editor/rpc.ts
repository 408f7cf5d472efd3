/** Questions to the host, matched to their answers by id. */
import type { Answer, Query, WebviewMessage } from '../../src/shared/protocol';

export class Rpc {
  private nextId = 1;
  private readonly pending = new Map<number, (answer: Answer) => void>();

  constructor(private readonly post: (message: WebviewMessage) => void) {}

  ask(revision: number, query: Query): Promise<Answer> {
    const id = this.nextId++;
    this.post({ type: 'query', id, revision, query });
    return new Promise((resolve) => this.pending.set(id, resolve));
  }

  settle(id: number, answer: Answer): void {
    this.pending.get(id)?.(answer);
    this.pending.delete(id);
  }
}
